import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Descriptions, Space, Table, Typography } from 'antd';
import { ArrowRightOutlined, UndoOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import Attachments from '../../components/Attachments';
import CardList from '../../components/CardList';
import { useIsPhone } from '../../components/useIsPhone';
import { ReopenHazardDocument, type HazardFieldsFragment } from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { parseApiError } from '../../services/errors';
import { formatDate, NO_VALUE } from '../../services/format';
import AdvanceHazardModal from './AdvanceHazardModal';
import { canReopen, hazardStateKey, inspectionKindKey } from './model';
import ReasonModal from './ReasonModal';
import { HazardLevelTag, HazardLoopSteps, HazardStateTag, OverdueTag, TransitionsTimeline } from './shared';

export type HazardRow = HazardFieldsFragment & {
  unit?: { id: string; name: string; county: { code: string; name: string }; sector: { number: number; name: string } };
};

/** A hazard's loop, plan and transitions, shown when its row is expanded. */
function HazardDetail({ hazard }: { hazard: HazardRow }) {
  const { t, locale } = useIntl();
  const phone = useIsPhone();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', padding: '4px 8px' }} data-testid="hazard-detail">
      <HazardLoopSteps state={hazard.state} overdue={hazard.overdue} />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered layout={phone ? 'vertical' : 'horizontal'}>
        <Descriptions.Item label={t('hazard.description')} span={2}>
          {hazard.description}
        </Descriptions.Item>
        <Descriptions.Item label={t('hazard.category')}>{hazard.category || NO_VALUE}</Descriptions.Item>
        <Descriptions.Item label={t('hazard.source')}>
          {t(inspectionKindKey(hazard.source))}
          {hazard.foundBy && ` · ${hazard.foundBy.displayName}`}
        </Descriptions.Item>
        {hazard.standardItem && (
          <Descriptions.Item label={t('hazard.standardItem')}>
            {hazard.standardItem.code} {hazard.standardItem.text}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('hazard.foundOn')}>{formatDate(hazard.foundOn, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('hazard.rectificationPlan')} span={2}>
          {hazard.rectificationPlan ?? NO_VALUE}
        </Descriptions.Item>
        <Descriptions.Item label={t('hazard.responsiblePerson')}>{hazard.responsiblePerson ?? NO_VALUE}</Descriptions.Item>
        <Descriptions.Item label={t('hazard.deadline')}>
          <Space size={4}>
            {formatDate(hazard.deadline, locale)}
            {hazard.overdue && <OverdueTag />}
          </Space>
        </Descriptions.Item>
        {hazard.closedOn && <Descriptions.Item label={t('hazard.closedOn')}>{formatDate(hazard.closedOn, locale)}</Descriptions.Item>}
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('attachment.title')}</Typography.Title>
        <Attachments attachments={hazard.attachments} />
      </div>
      <div>
        <Typography.Title level={5}>{t('hazard.transitions')}</Typography.Title>
        <TransitionsTimeline transitions={hazard.transitions} />
      </div>
    </Space>
  );
}

/**
 * Hazards with their loop state, deadline (逾期 marked in words) and, for those who may, 推进 and
 * 重新打开. `onChanged` reloads the list after a change or a conflict.
 */
export default function HazardTable({
  hazards,
  loading,
  showUnit,
  onChanged,
  testId,
  emptyText,
}: {
  hazards: HazardRow[];
  loading?: boolean;
  showUnit?: boolean;
  onChanged: () => void;
  testId: string;
  emptyText?: string;
}) {
  const { t, locale } = useIntl();
  const { message } = App.useApp();
  const [advancing, setAdvancing] = useState<HazardRow | null>(null);
  const [reopening, setReopening] = useState<HazardRow | null>(null);
  const [conflict, setConflict] = useState(false);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [, reopen] = useMutation(ReopenHazardDocument);
  const phone = useIsPhone();

  const actions = (h: HazardRow) =>
    h.canEdit && (
      <Space size={4} wrap>
        {/* also when none is the caller's: the dialog then says who may take the next step */}
        {h.nextSteps.some((st) => st.step !== 'REOPEN') && (
          <Button size="small" type="primary" icon={<ArrowRightOutlined />} onClick={() => setAdvancing(h)}>
            {t('hazard.advance')}
          </Button>
        )}
        {canReopen(h.state) && h.nextSteps.some((st) => st.step === 'REOPEN' && st.allowed) && (
          <Button size="small" icon={<UndoOutlined />} onClick={() => setReopening(h)}>
            {t('hazard.reopen')}
          </Button>
        )}
      </Space>
    );
  const toggle = (id: string) => setExpanded((keys) => (keys.includes(id) ? keys.filter((k) => k !== id) : [...keys, id]));

  const conflicted = () => {
    setAdvancing(null);
    setReopening(null);
    setConflict(true);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="hazard-conflict"
          message={t('hazard.conflict')}
          action={
            <Button
              size="small"
              type="primary"
              onClick={() => {
                setConflict(false);
                onChanged();
              }}
            >
              {t('hazard.reload')}
            </Button>
          }
        />
      )}
      {phone ? (
        <CardList<HazardRow>
          testId={testId}
          items={hazards}
          rowKey={(h) => h.id}
          loading={loading}
          emptyText={emptyText ?? t('hazard.empty')}
          render={(h) => ({
            title: h.description,
            alert: h.overdue,
            attrs: { 'data-overdue': h.overdue ? 'yes' : 'no' },
            tags: (
              <>
                <HazardLevelTag level={h.level} />
                <HazardStateTag state={h.state} />
                {h.overdue && <OverdueTag />}
              </>
            ),
            fields: [
              ...(h.unit
                ? [
                    {
                      label: t('card.where'),
                      value: (
                        <span>
                          <Link to={`/units/${h.unit.id}?tab=hazards`}>{h.unit.name}</Link>
                          <Typography.Text type="secondary"> · {h.unit.county.name}</Typography.Text>
                        </span>
                      ),
                    },
                  ]
                : []),
              { label: t('card.deadline'), value: formatDate(h.deadline, locale) },
              { label: t('hazard.responsiblePerson'), value: h.responsiblePerson ?? NO_VALUE },
              { label: t('card.foundOn'), value: formatDate(h.foundOn, locale) },
            ],
            actions: (
              <>
                {actions(h)}
                <Button size="small" type="link" aria-expanded={expanded.includes(h.id)} onClick={() => toggle(h.id)}>
                  {expanded.includes(h.id) ? t('card.hideDetails') : t('card.details')}
                </Button>
              </>
            ),
            more: expanded.includes(h.id) && <HazardDetail hazard={h} />,
          })}
        />
      ) : (
      <Table<HazardRow>
        data-testid={testId}
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={hazards}
        pagination={false}
        scroll={{ x: showUnit ? 1100 : 900 }}
        locale={{ emptyText: emptyText ?? t('hazard.empty') }}
        rowClassName={(h) => (h.overdue ? 'hazard-overdue' : '')}
        onRow={(h) =>
          ({
            'data-overdue': h.overdue ? 'yes' : 'no',
            style: h.overdue ? { background: '#fff2f0' } : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys.map(String)),
          expandedRowRender: (h) => <HazardDetail hazard={h} />,
        }}
        columns={[
          { title: t('hazard.level'), key: 'level', width: 100, render: (_, h) => <HazardLevelTag level={h.level} /> },
          {
            title: t('hazard.description'),
            key: 'description',
            width: 280,
            render: (_, h) => (
              <div>
                <div>{h.description}</div>
                {h.category && <Typography.Text type="secondary">{h.category}</Typography.Text>}
              </div>
            ),
          },
          ...(showUnit
            ? [
                {
                  title: t('hazard.unit'),
                  key: 'unit',
                  width: 200,
                  render: (_: unknown, h: HazardRow) =>
                    h.unit && (
                      <div>
                        <Link to={`/units/${h.unit.id}?tab=hazards`}>{h.unit.name}</Link>
                        <div>
                          <Typography.Text type="secondary">
                            {h.unit.county.name} · {h.unit.sector.number}. {h.unit.sector.name}
                          </Typography.Text>
                        </div>
                      </div>
                    ),
                },
              ]
            : []),
          { title: t('hazard.state'), key: 'state', width: 80, render: (_, h) => <HazardStateTag state={h.state} /> },
          { title: t('hazard.foundOn'), key: 'foundOn', width: 130, render: (_, h) => formatDate(h.foundOn, locale) },
          {
            title: t('hazard.deadline'),
            key: 'deadline',
            width: 170,
            render: (_, h) => (
              <Space size={4} wrap>
                <span>{formatDate(h.deadline, locale)}</span>
                {h.overdue && <OverdueTag />}
              </Space>
            ),
          },
          { title: t('hazard.responsiblePerson'), key: 'person', width: 100, render: (_, h) => h.responsiblePerson ?? NO_VALUE },
          // only for those who may change some row (never for analysts)
          ...(hazards.some((h) => h.canEdit)
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 190,
                  fixed: 'right' as const,
                  // the fixed cell paints its own background: keep the overdue row's
                  onCell: (h: HazardRow) => ({ style: h.overdue ? { background: '#fff2f0' } : undefined }),
                  render: (_: unknown, h: HazardRow) => actions(h),
                },
              ]
            : []),
        ]}
      />
      )}
      {advancing && (
        <AdvanceHazardModal
          hazard={advancing}
          onClose={() => setAdvancing(null)}
          onConflict={conflicted}
          onDone={(h, photoFailure) => {
            setAdvancing(null);
            setExpanded((keys) => (keys.includes(h.id) ? keys : [...keys, h.id]));
            message.success(t('hazard.advanced', { state: t(hazardStateKey(h.state)) }));
            if (photoFailure) message.warning(photoFailure);
            onChanged();
          }}
        />
      )}
      {reopening && (
        <ReasonModal
          title={t('hazard.reopenTitle')}
          hint={t('hazard.reopenHint')}
          okText={t('hazard.reopen')}
          danger
          testId="reopen-hazard-form"
          onClose={() => setReopening(null)}
          onSubmit={async (reason) => {
            const result = await reopen({ id: reopening.id, version: reopening.version, reason });
            if (result.data) {
              setReopening(null);
              message.success(t('hazard.reopenedDone'));
              onChanged();
              return null;
            }
            if (parseApiError(result.error).code === 'CONFLICT') {
              conflicted();
              return null;
            }
            return result.error;
          }}
        />
      )}
    </Space>
  );
}
