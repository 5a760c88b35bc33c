import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useClient } from 'urql';
import { useIntl } from '../../locales';
import { describeApiError } from '../../services/errors';
import { downloadFile } from '../../services/transfer';

/** Fetches a spreadsheet from /export/… with the session's token and saves it. */
export default function DownloadButton({ url, fallbackName, label, disabled }: { url: string; fallbackName: string; label: string; disabled?: boolean }) {
  const client = useClient();
  const { message } = App.useApp();
  const { locale, t } = useIntl();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const error = await downloadFile(client, url, fallbackName);
      if (error) message.error(describeApiError(error, locale, t).message);
      else message.success(t('reports.downloaded', { name: fallbackName }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} disabled={disabled} onClick={() => void download()}>
      {label}
    </Button>
  );
}
