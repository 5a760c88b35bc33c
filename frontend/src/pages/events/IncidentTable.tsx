import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import CardList from '../../components/CardList';
import { useIsPhone } from '../../components/useIsPhone';
import type { IncidentFieldsFragment } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { formatDateTime, formatNumber } from '../../services/format';
import { SeverityTag } from './shared';

export type IncidentRow = IncidentFieldsFragment & {
  unit?: { id: string; name: string; county: { code: string; name: string } };
  sector?: { number: number; name: string };
};

/** Incidents: time, kind, casualties, loss and the severity class; with `showUnit`, a link to the unit. */
export default function IncidentTable({
  incidents,
  loading,
  showUnit,
  testId,
  emptyText,
}: {
  incidents: IncidentRow[];
  loading?: boolean;
  showUnit?: boolean;
  testId: string;
  emptyText?: string;
}) {
  const { t, locale } = useIntl();
  const phone = useIsPhone();
  if (phone)
    return (
      <CardList<IncidentRow>
        testId={testId}
        items={incidents}
        rowKey={(i) => i.id}
        loading={loading}
        emptyText={emptyText ?? t('incident.empty')}
        render={(i) => ({
          title: i.kind,
          tags: <SeverityTag severity={i.severity} />,
          fields: [
            ...(i.unit
              ? [
                  {
                    label: t('card.where'),
                    value: (
                      <span>
                        <Link to={`/units/${i.unit.id}?tab=incidents`}>{i.unit.name}</Link>
                        <Typography.Text type="secondary"> · {i.unit.county.name}</Typography.Text>
                      </span>
                    ),
                  },
                ]
              : []),
            { label: t('incident.occurredAt'), value: formatDateTime(i.occurredAt, locale) },
            {
              label: t('incident.casualties'),
              value: t('incident.casualtiesText', { deaths: i.deaths, serious: i.seriousInjuries, injuries: i.injuries }),
            },
            { label: t('incident.loss'), value: formatNumber(i.directLossWan, locale, 2) },
          ],
          more: i.description && <Typography.Paragraph style={{ margin: 0 }}>{i.description}</Typography.Paragraph>,
        })}
      />
    );
  return (
    <Table<IncidentRow>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={incidents}
      pagination={false}
      scroll={{ x: showUnit ? 1100 : 860 }}
      locale={{ emptyText: emptyText ?? t('incident.empty') }}
      expandable={{
        rowExpandable: (i) => !!i.description,
        expandedRowRender: (i) => <Typography.Paragraph style={{ margin: 0 }}>{i.description}</Typography.Paragraph>,
      }}
      columns={[
        { title: t('incident.occurredAt'), key: 'at', width: 170, render: (_, i) => formatDateTime(i.occurredAt, locale) },
        ...(showUnit
          ? [
              {
                title: t('incident.unit'),
                key: 'unit',
                width: 220,
                render: (_: unknown, i: IncidentRow) =>
                  i.unit && (
                    <div>
                      <Link to={`/units/${i.unit.id}?tab=incidents`}>{i.unit.name}</Link>
                      <div>
                        <Typography.Text type="secondary">
                          {i.unit.county.name}
                          {i.sector && ` · ${i.sector.number}. ${i.sector.name}`}
                        </Typography.Text>
                      </div>
                    </div>
                  ),
              },
            ]
          : []),
        { title: t('incident.kind'), dataIndex: 'kind', width: 110 },
        {
          title: t('incident.casualties'),
          key: 'casualties',
          width: 230,
          render: (_, i) => t('incident.casualtiesText', { deaths: i.deaths, serious: i.seriousInjuries, injuries: i.injuries }),
        },
        {
          title: t('incident.loss'),
          key: 'loss',
          width: 110,
          align: 'right',
          render: (_, i) => formatNumber(i.directLossWan, locale, 2),
        },
        { title: t('incident.severity'), key: 'severity', width: 130, render: (_, i) => <SeverityTag severity={i.severity} /> },
      ]}
    />
  );
}
