import { useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useClient, useMutation } from 'urql';
import { stageKey } from '../../components/Attachments';
import LabelledRadioGroup from '../../components/LabelledRadioGroup';
import PhotoInput from '../../components/PhotoInput';
import {
  AdvanceHazardDocument,
  UploadAttachmentDocument,
  type HazardFieldsFragment,
  type HazardState,
} from '../../graphql/generated/graphql';
import { useIntl } from '../../locales';
import { describeApiError, parseApiError } from '../../services/errors';
import { uploadMutation } from '../../services/transfer';
import { asksForPlan, hazardStateKey, nextHazardStates, photoStage, planRequired } from './model';
import { HazardLevelTag, HazardStateTag, showFormError } from './shared';

interface Values {
  to: HazardState;
  note?: string;
  rectificationPlan?: string;
  responsiblePerson?: string;
  deadline?: Dayjs;
}

const FIELDS = ['to', 'note', 'rectificationPlan', 'responsiblePerson', 'deadline'] as const;

/** 推进隐患: the next step of the loop, with a note, and the plan when leaving 排查. Mounted per hazard. */
export default function AdvanceHazardModal({
  hazard,
  onClose,
  onDone,
  onConflict,
}: {
  hazard: HazardFieldsFragment;
  onClose: () => void;
  /** `photoFailure`: the step was taken but some photos were not stored (said to the user). */
  onDone: (h: HazardFieldsFragment, photoFailure?: string) => void;
  onConflict: (error: unknown) => void;
}) {
  const client = useClient();
  const [photos, setPhotos] = useState<File[]>([]);
  const { t, locale } = useIntl();
  const [form] = Form.useForm<Values>();
  const [, advance] = useMutation(AdvanceHazardDocument);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const to = Form.useWatch('to', form);

  // the server's rule (by source, level and role) decides; the steps it refuses are said with who may instead
  const steps = hazard.nextSteps.filter((st) => st.step !== 'REOPEN');
  const allowedSteps = steps.filter((st) => st.allowed);
  const choices = allowedSteps.length ? allowedSteps.map((st) => st.to) : nextHazardStates(hazard.level, hazard.state).filter(() => !steps.length);
  const chosen = steps.find((st) => st.to === to);
  const reasonOf = (st: (typeof steps)[number]) => (locale === 'en-US' ? (st.reasonEn ?? st.reason) : st.reason);
  const withPlan = asksForPlan(hazard.state);
  // the plan is required on the way to 治理 (a general hazard fixed on the spot goes to 验收 without one)
  const required = planRequired(hazard.level, hazard.state);

  const submit = async (v: Values) => {
    setSaving(true);
    setFailure(null);
    // the photos first: a unit closing its own hazard must have its after photo on file before the step
    const stage = photoStage(hazard.state, v.to, !!steps.find((st) => st.to === v.to)?.needsAfterPhoto);
    let failed = 0;
    let lastError = '';
    const left: File[] = [];
    for (const file of photos) {
      const up = await uploadMutation(client, UploadAttachmentDocument, { owner: { type: 'HAZARD', id: hazard.id }, stage }, { file });
      if (up.error) {
        failed++;
        left.push(file);
        lastError = describeApiError(up.error, locale, t).message;
      }
    }
    // those stored are not sent again if the step must be retried
    setPhotos(left);
    const photoFailure = failed ? t('photo.uploadFailed', { count: failed, message: lastError }) : undefined;
    const result = await advance({
      input: {
        id: hazard.id,
        version: hazard.version,
        to: v.to,
        note: v.note?.trim() || null,
        ...(withPlan
          ? {
              rectificationPlan: v.rectificationPlan?.trim() || null,
              responsiblePerson: v.responsiblePerson?.trim() || null,
              deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
            }
          : {}),
      },
    });
    if (result.data) {
      setSaving(false);
      onDone(result.data.advanceHazard, photoFailure);
      return;
    }
    setSaving(false);
    if (parseApiError(result.error).code === 'CONFLICT') {
      onConflict(result.error);
      return;
    }
    const shown = showFormError(form, result.error, locale, t, FIELDS);
    if (!shown.placed) setFailure(shown.message);
  };

  const planRule = [{ required, whitespace: true, message: t('hazard.planRequiredHint') }];
  return (
    <Modal
      open
      title={t('hazard.advanceTitle')}
      okText={t('hazard.advance')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ disabled: choices.length === 0 }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={620}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <HazardLevelTag level={hazard.level} />
          <HazardStateTag state={hazard.state} />
          <Typography.Text>{hazard.description}</Typography.Text>
        </Space>
        {failure && <Alert type="error" showIcon role="alert" message={failure} />}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            to: choices[0],
            rectificationPlan: hazard.rectificationPlan ?? undefined,
            responsiblePerson: hazard.responsiblePerson ?? undefined,
            deadline: hazard.deadline ? dayjs(hazard.deadline) : undefined,
          }}
          aria-label={t('hazard.advanceTitle')}
          data-testid="advance-hazard-form"
        >
          <Form.Item name="to" label={t('hazard.to')} rules={[{ required: true, message: t('hazard.toRequired') }]}>
            <LabelledRadioGroup
              label={t('hazard.to')}
              optionType="button"
              buttonStyle="solid"
              options={choices.map((s) => ({ value: s, label: t(hazardStateKey(s)) }))}
            />
          </Form.Item>
          {steps.length > 0 && (
            <ul style={{ margin: '0 0 12px', paddingLeft: 20 }} data-testid="next-steps">
              {steps.map((st) => (
                <li key={st.step} data-allowed={st.allowed ? 'yes' : 'no'}>
                  <Typography.Text strong={st.to === to}>{t(hazardStateKey(st.to))}</Typography.Text>
                  {'：'}
                  <Typography.Text type={st.allowed ? 'success' : 'secondary'}>
                    {st.allowed ? t('hazard.stepYours') : t('hazard.stepNotYours')}
                  </Typography.Text>
                  {reasonOf(st) && <Typography.Text type="secondary">（{reasonOf(st)}）</Typography.Text>}
                </li>
              ))}
            </ul>
          )}
          {chosen?.needsAfterPhoto && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('hazard.needsAfterPhoto')} />}
          {to === 'VERIFIED' && hazard.state === 'RECTIFYING' && (
            <Typography.Paragraph type="secondary">{t('hazard.verifierHint')}</Typography.Paragraph>
          )}
          {withPlan && (
            <>
              <Typography.Paragraph type="secondary">
                {required ? t('hazard.planRequiredHint') : t('hazard.planOptionalHint')}
              </Typography.Paragraph>
              <Form.Item name="rectificationPlan" label={t('hazard.rectificationPlan')} rules={planRule}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Space size={16} wrap align="start">
                <Form.Item name="responsiblePerson" label={t('hazard.responsiblePerson')} rules={planRule}>
                  <Input maxLength={50} style={{ width: 220 }} />
                </Form.Item>
                <Form.Item name="deadline" label={t('hazard.deadline')} rules={[{ required, message: t('hazard.planRequiredHint') }]}>
                  <DatePicker style={{ width: 220 }} />
                </Form.Item>
              </Space>
            </>
          )}
          {to && (
            <Form.Item label={t('hazard.photos', { stage: t(stageKey(photoStage(hazard.state, to, !!chosen?.needsAfterPhoto))) })}>
              <PhotoInput label={t('photo.take')} value={photos} onChange={setPhotos} testId="hazard-photos" />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('hazard.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
