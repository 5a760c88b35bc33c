// Pieces of the working cycle shared by the unit page's tabs, the hazards board and the incidents list.
// Every state is shown as text, never by colour alone.
import { Space, Steps, Tag, Timeline, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import type { HazardFieldsFragment, HazardLevel, HazardState, IncidentSeverity } from '../../graphql/generated/graphql';
import { useIntl, type Locale, type Translate } from '../../locales';
import { describeApiError } from '../../services/errors';
import { formatDateTime } from '../../services/format';
import { fieldPath, HAZARD_STATES, hazardLevelKey, hazardStateKey, hazardStep, severityColor, severityKey } from './model';

const STATE_COLORS: Record<HazardState, string> = { FOUND: 'red', RECTIFYING: 'orange', VERIFIED: 'blue', CLOSED: 'green' };

export function HazardStateTag({ state }: { state: HazardState }) {
  const { t } = useIntl();
  return (
    <Tag color={STATE_COLORS[state]} data-hazard-state={state}>
      {t(hazardStateKey(state))}
    </Tag>
  );
}

export function HazardLevelTag({ level }: { level: HazardLevel }) {
  const { t } = useIntl();
  return level === 'MAJOR' ? <Tag color="volcano">{t(hazardLevelKey(level))}</Tag> : <Tag>{t(hazardLevelKey(level))}</Tag>;
}

/** 逾期: past its deadline and not closed. */
export function OverdueTag() {
  const { t } = useIntl();
  return (
    <Tag color="error" icon={<ClockCircleOutlined />} data-overdue="yes">
      {t('hazard.overdue')}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: IncidentSeverity }) {
  const { t } = useIntl();
  return (
    <Tag color={severityColor(severity)} data-severity={severity}>
      {t(severityKey(severity))}
    </Tag>
  );
}

/** The closed loop as steps, the current one marked (an overdue one as an error). */
export function HazardLoopSteps({ state, overdue }: { state: HazardState; overdue?: boolean }) {
  const { t } = useIntl();
  const current = hazardStep(state);
  return (
    <Steps
      size="small"
      current={current}
      status={state === 'CLOSED' ? 'finish' : overdue ? 'error' : 'process'}
      items={HAZARD_STATES.map((s) => ({ title: t(hazardStateKey(s)) }))}
      style={{ maxWidth: 520 }}
    />
  );
}

/** Who moved the hazard where, when and why. */
export function TransitionsTimeline({ transitions }: { transitions: HazardFieldsFragment['transitions'] }) {
  const { t, locale } = useIntl();
  if (!transitions.length) return <Typography.Text type="secondary">{t('hazard.noTransitions')}</Typography.Text>;
  return (
    <Timeline
      data-testid="hazard-transitions"
      items={transitions.map((tr) => ({
        color: tr.reopened ? 'red' : STATE_COLORS[tr.to],
        children: (
          <div data-testid="hazard-transition">
            <Space size={6} wrap>
              <Typography.Text strong>
                {tr.from
                  ? t('hazard.transition', { from: t(hazardStateKey(tr.from)), to: t(hazardStateKey(tr.to)) })
                  : t('hazard.transitionFirst', { to: t(hazardStateKey(tr.to)) })}
              </Typography.Text>
              {tr.reopened && <Tag color="red">{t('hazard.reopenedTag')}</Tag>}
              <Typography.Text type="secondary">
                {tr.actorName} · {formatDateTime(tr.at, locale)}
              </Typography.Text>
            </Space>
            {tr.note && <div>{tr.note}</div>}
          </div>
        ),
      }))}
    />
  );
}

/**
 * Shows a failed mutation's message: under the form field the server named (BAD_USER_INPUT with
 * `extensions.field`, e.g. hazards.0.deadline) when the form has it, else returns it for an alert.
 */
export function showFormError(
  form: FormInstance,
  error: unknown,
  locale: Locale,
  t: Translate,
  fields: readonly string[],
): { message: string; code: string; placed: boolean } {
  const described = describeApiError(error, locale, t);
  const field = described.field;
  // the server may prefix the input object ("input.kind")
  const name = field?.replace(/^input\./, '');
  if (described.code === 'BAD_USER_INPUT' && name) {
    const path = fieldPath(name);
    const top = String(path[0]);
    if (fields.includes(name) || fields.includes(top)) {
      form.setFields([{ name: fields.includes(name) || path.length > 1 ? path : top, errors: [described.message] }]);
      return { message: described.message, code: described.code, placed: true };
    }
  }
  return { message: described.message, code: described.code, placed: false };
}
