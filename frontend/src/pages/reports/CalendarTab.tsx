import { useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Flex, Row, Space, Table, Tag, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from 'urql';
import ErrorAlert from '../../components/ErrorAlert';
import YearSelect from '../../components/YearSelect';
import { ReportingCalendarDocument } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { formatDate, todayISO } from '../../services/format';
import DownloadButton from './DownloadButton';
import { bulletinMonthAllowed, daysUntil, nextDeadline, type Deadline } from './model';

type Status = 'past' | 'next' | 'upcoming';

/** The reporting calendar (with what is due next) and the monthly bulletin download. */
export default function CalendarTab({ year, onYearChange }: { year: number; onYearChange: (year: number) => void }) {
  const { t, locale } = useIntl();
  const today = todayISO();
  const [{ data, fetching, error }] = useQuery({ query: ReportingCalendarDocument, variables: { year, nextYear: year + 1 } });
  const next = useMemo(() => (data ? nextDeadline([...data.thisYear, ...data.nextYear], today) : undefined), [data, today]);
  const status = (d: Deadline): Status => (d.due < today ? 'past' : next && d.due === next.due && d.what === next.what ? 'next' : 'upcoming');

  const thisMonth = today.slice(0, 7);
  const [month, setMonth] = useState<Dayjs>(() => dayjs(`${thisMonth}-01`));
  const monthValue = month.format('YYYY-MM');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card title={t('calendar.title')} extra={<YearSelect value={year} onChange={onYearChange} />}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <ErrorAlert error={error} />
            {next && (
              <Alert
                type="info"
                showIcon
                icon={<CalendarOutlined />}
                data-testid="next-deadline"
                message={t('calendar.next', { date: formatDate(next.due, locale), what: next.what })}
                description={t('calendar.daysLeft', { days: daysUntil(next.due, today) })}
              />
            )}
            <Table<Deadline>
              data-testid="calendar-table"
              size="middle"
              rowKey={(d) => `${d.due}:${d.what}`}
              loading={fetching}
              dataSource={data?.thisYear ?? []}
              pagination={false}
              onRow={(d) => (status(d) === 'next' ? { style: { background: '#e6f4ff', fontWeight: 600 }, 'aria-current': 'date' } : {})}
              columns={[
                { title: t('calendar.due'), dataIndex: 'due', width: 170, render: (due: string) => formatDate(due, locale) },
                { title: t('calendar.what'), dataIndex: 'what' },
                {
                  title: t('calendar.kind'),
                  dataIndex: 'recurring',
                  width: 120,
                  render: (recurring: boolean) => (recurring ? t('calendar.recurring') : t('calendar.once')),
                },
                {
                  title: t('calendar.status'),
                  key: 'status',
                  width: 140,
                  render: (_, d) => {
                    const s = status(d);
                    if (s === 'next') return <Tag color="processing">{t('calendar.status.next')}</Tag>;
                    if (s === 'past') return <Typography.Text type="secondary">{t('calendar.status.past')}</Typography.Text>;
                    return <Tag>{t('calendar.status.upcoming')}</Tag>;
                  },
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('calendar.hint')}
            </Typography.Paragraph>
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('bulletin.title')}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('bulletin.hint')}
            </Typography.Paragraph>
            <Flex gap={8} wrap align="center">
              <DatePicker
                picker="month"
                aria-label={t('bulletin.month')}
                allowClear={false}
                value={month}
                onChange={(m) => m && setMonth(m)}
                disabledDate={(d) => !bulletinMonthAllowed(d.format('YYYY-MM'), thisMonth)}
                format={locale === 'zh-CN' ? 'YYYY年M月' : 'MMM YYYY'}
              />
              <DownloadButton
                url={`/export/bulletin.xlsx?month=${monthValue}`}
                fallbackName="月度通报.xlsx"
                label={t('bulletin.download')}
                disabled={!bulletinMonthAllowed(monthValue, thisMonth)}
              />
            </Flex>
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
