import { useState } from 'react';
import { Alert, App, Button, Checkbox, Descriptions, Modal, Space, Table, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useClient } from 'urql';
import ErrorAlert from '../../../components/ErrorAlert';
import { ImportUnitsDocument, type ImportUnitsMutation } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { describeApiError, localizedServerMessage } from '../../../services/errors';
import { downloadFile, uploadMutation } from '../../../services/transfer';
import { importFieldLabel } from '../unitFields';

type ImportResult = ImportUnitsMutation['importUnits'];
type RowError = ImportResult['errors'][number];

const ACCEPT = '.xlsx,.csv';

function acceptable(name: string): boolean {
  return /\.(xlsx|csv)$/i.test(name);
}

/** 批量导入: upload a filled-in template, try it (dry run), then import all rows or only the valid ones. */
export default function ImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (count: number) => void }) {
  const { t, locale } = useIntl();
  const client = useClient();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [fileList, setFileList] = useState<UploadFile[]>([]);
  const [validOnly, setValidOnly] = useState(false);
  const [running, setRunning] = useState<'dry' | 'real' | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) {
      message.warning(t('import.chooseFile'));
      return;
    }
    setRunning(dryRun ? 'dry' : 'real');
    setError(null);
    setResult(null);
    const answer = await uploadMutation(client, ImportUnitsDocument, { dryRun, validOnly }, { file });
    setRunning(null);
    const imported = answer.data?.importUnits;
    if (!imported) {
      setError(answer.error);
      return;
    }
    setResult(imported);
    if (imported.imported > 0) {
      message.success(t('import.done', { count: imported.imported }));
      onImported(imported.imported);
    }
  };

  const downloadTemplate = async () => {
    setDownloading(true);
    const err = await downloadFile(client, '/export/units-template.xlsx', 'units-template.xlsx');
    setDownloading(false);
    if (err) message.error(describeApiError(err, locale, t).message);
  };

  const close = () => {
    setFile(null);
    setFileList([]);
    setResult(null);
    setError(null);
    onClose();
  };

  const outcome = (r: ImportResult): { type: 'success' | 'info' | 'warning'; text: string } => {
    if (r.dryRun) return { type: r.errors.length ? 'warning' : 'info', text: t('import.dryRunDone') };
    if (r.imported > 0 && r.errors.length) return { type: 'warning', text: t('import.doneValidOnly', { count: r.imported }) };
    if (r.imported > 0) return { type: 'success', text: t('import.done', { count: r.imported }) };
    if (r.validRows === 0) return { type: 'warning', text: t('import.nothingValid') };
    return { type: 'warning', text: t('import.notWritten') };
  };

  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={800}
      onCancel={close}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={close}>
          {t('common.close')}
        </Button>,
        <Button key="dry" loading={running === 'dry'} disabled={!file || running !== null} onClick={() => void run(true)}>
          {t('import.dryRun')}
        </Button>,
        <Button key="run" type="primary" loading={running === 'real'} disabled={!file || running !== null} onClick={() => void run(false)}>
          {t('import.run')}
        </Button>,
      ]}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('import.hint')}{' '}
          <Button type="link" icon={<FileExcelOutlined />} loading={downloading} onClick={() => void downloadTemplate()} style={{ paddingInline: 0 }}>
            {t('import.template')}
          </Button>
        </Typography.Paragraph>
        <Upload.Dragger
          accept={ACCEPT}
          maxCount={1}
          fileList={fileList}
          beforeUpload={(f) => {
            if (!acceptable(f.name)) {
              message.error(t('import.badType'));
              return Upload.LIST_IGNORE;
            }
            // keep the file for the buttons below; nothing is uploaded until one of them is clicked
            setFile(f);
            setFileList([{ uid: f.uid, name: f.name, size: f.size, status: 'done' }]);
            setResult(null);
            setError(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setFileList([]);
            setResult(null);
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
          <p className="ant-upload-hint">{t('import.dropHint')}</p>
        </Upload.Dragger>
        <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)}>
          {t('import.validOnly')}
        </Checkbox>
        <ErrorAlert error={error} />
        {result && (
          <div data-testid="import-result">
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Alert type={outcome(result).type} showIcon message={outcome(result).text} />
              <Descriptions size="small" bordered column={3}>
                <Descriptions.Item label={t('import.totalRows')}>{result.totalRows}</Descriptions.Item>
                <Descriptions.Item label={t('import.validRows')}>{result.validRows}</Descriptions.Item>
                <Descriptions.Item label={t('import.imported')}>{result.imported}</Descriptions.Item>
              </Descriptions>
              {result.errors.length > 0 && (
                <Table<RowError>
                  data-testid="import-errors"
                  title={() => <Typography.Text strong>{t('import.errors', { count: result.errors.length })}</Typography.Text>}
                  size="small"
                  rowKey={(e) => `${e.row}:${e.field}`}
                  dataSource={result.errors}
                  pagination={result.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                  columns={[
                    { title: t('import.row'), dataIndex: 'row', width: 72, align: 'right' },
                    { title: t('import.field'), dataIndex: 'field', width: 160, render: (f: string) => importFieldLabel(f, t) },
                    {
                      title: t('import.reason'),
                      dataIndex: 'message',
                      render: (m: string) => localizedServerMessage(m, locale) ?? m,
                    },
                  ]}
                />
              )}
            </Space>
          </div>
        )}
      </Space>
    </Modal>
  );
}
