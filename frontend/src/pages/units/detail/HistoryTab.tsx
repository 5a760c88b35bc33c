import { useState } from 'react';
import { Alert, App, Button, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useAccess } from '../../../components/AccessProvider';
import ErrorAlert from '../../../components/ErrorAlert';
import { CertifyUnitsDocument, UnitHistoryDocument, type UnitHistoryQuery } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { describeApiError } from '../../../services/errors';
import { formatDateTime } from '../../../services/format';
import { certifiableYear } from '../../events/model';
import { currentYear } from '../shared';
import type { UnitTabProps } from './tabProps';
import { useTabQuery } from './useTabQuery';

type YearRow = NonNullable<UnitHistoryQuery['unit']>['history'][number];

/** 零事故年度: each year from enrolment, its incidents, the computed status and its certification (认定). */
export default function HistoryTab({ unit, refreshKey, onChanged }: UnitTabProps) {
  const { t, locale } = useIntl();
  const { access } = useAccess();
  const { message, modal } = App.useApp();
  const [{ data, fetching, error }] = useTabQuery({ query: UnitHistoryDocument, variables: { id: unit.id } }, refreshKey);
  const [, certify] = useMutation(CertifyUnitsDocument);
  const [refusal, setRefusal] = useState<string | null>(null);
  const thisYear = currentYear();
  const mayCertify = access.canCertify({ countyCode: unit.county.code, sectorNumber: unit.sector.number, cityLevel: unit.cityLevel });
  const years = [...(data?.unit?.history ?? [])].reverse();

  const confirmCertify = (year: number) =>
    modal.confirm({
      title: t('history.certifyConfirm', { name: unit.name, year }),
      content: t('history.certifyDetail'),
      okText: t('history.certify'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setRefusal(null);
        const result = await certify({ year, unitIds: [unit.id] });
        if (result.data) {
          message.success(t('history.certifiedDone', { year }));
          onChanged();
        } else {
          setRefusal(describeApiError(result.error, locale, t).message);
        }
      },
    });

  return (
    <>
      <ErrorAlert error={error} />
      {refusal && (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable
          onClose={() => setRefusal(null)}
          message={t('history.certifyFailed')}
          description={refusal}
          style={{ marginBottom: 12 }}
          data-testid="certify-refusal"
        />
      )}
      <Table<YearRow>
        data-testid="history-table"
        rowKey="year"
        size="middle"
        loading={fetching && !data}
        dataSource={years}
        pagination={false}
        locale={{ emptyText: t('history.empty') }}
        // on a phone the years scroll sideways inside the card rather than widening the page
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('history.year'), dataIndex: 'year', width: 80 },
          {
            title: t('history.active'),
            dataIndex: 'active',
            width: 90,
            render: (v: boolean) => (v ? t('common.yes') : <Typography.Text type="secondary">{t('history.inactive')}</Typography.Text>),
          },
          { title: t('history.incidents'), dataIndex: 'incidents', width: 90, align: 'right' },
          {
            title: t('history.zeroAccident'),
            key: 'zero',
            width: 180,
            render: (_, y) =>
              !y.active ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : y.zeroAccident ? (
                <Tag color="success" data-zero-accident="yes">
                  {t('history.zeroYes')}
                </Tag>
              ) : (
                <Tag color="error" data-zero-accident="no">
                  {t('history.zeroNo')}
                </Tag>
              ),
          },
          {
            title: t('history.certification'),
            key: 'certified',
            render: (_, y) =>
              y.certified ? (
                <span>
                  <Tag color="blue">{t('history.certified')}</Tag>
                  <Typography.Text type="secondary">
                    {t('history.certifiedBy', { by: y.certifiedBy ?? '', at: formatDateTime(y.certifiedAt, locale) })}
                  </Typography.Text>
                </span>
              ) : y.year >= thisYear ? (
                <Typography.Text type="secondary">{t('history.inProgress')}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('history.notCertified')}</Typography.Text>
              ),
          },
          {
            title: '',
            key: 'actions',
            width: 110,
            render: (_, y) =>
              mayCertify &&
              certifiableYear(y, thisYear) && (
                <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => confirmCertify(y.year)}>
                  {t('history.certify')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
