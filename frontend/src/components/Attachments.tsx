import { useEffect, useState } from 'react';
import { Flex, Tag, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useClient } from 'urql';
import type { AttachmentFieldsFragment, AttachmentStage } from '../graphql/generated/graphql';
import { useIntl, type MessageKey } from '../locales';
import { authorizedFetch } from '../services/apiClient';
import { formatDateTime } from '../services/format';

/** A file of the API as an object URL: /files/… needs the bearer token, which an <img src> cannot send. */
function useAuthorizedBlobUrl(url: string | null | undefined): string | null {
  const client = useClient();
  const [blobUrl, setBlobUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let objectUrl: string | null = null;
    let cancelled = false;
    void authorizedFetch(client, url).then(async (r) => {
      if (!r.ok || cancelled) return;
      objectUrl = URL.createObjectURL(await r.blob());
      setBlobUrl(objectUrl);
    });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [client, url]);
  return blobUrl;
}

export const stageKey = (stage: AttachmentStage) => `attachment.stage.${stage}` as MessageKey;

function AttachmentTile({ attachment }: { attachment: AttachmentFieldsFragment }) {
  const { t, locale } = useIntl();
  const client = useClient();
  const thumb = useAuthorizedBlobUrl(attachment.thumbnailUrl);
  // the original opens in a new tab, fetched with the token like the thumbnail
  const open = async () => {
    const win = window.open('', '_blank');
    const r = await authorizedFetch(client, attachment.url);
    if (!r.ok) {
      win?.close();
      return;
    }
    const u = URL.createObjectURL(await r.blob());
    if (win) win.location.href = u;
  };
  const caption = `${t(stageKey(attachment.stage))} · ${attachment.uploadedBy} · ${formatDateTime(attachment.createdAt, locale)}`;
  return (
    <figure style={{ margin: 0, width: 96 }} data-testid="attachment" data-stage={attachment.stage}>
      <button
        type="button"
        onClick={() => void open()}
        aria-label={t('attachment.open', { name: attachment.fileName })}
        style={{ padding: 0, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fafafa', cursor: 'pointer', width: 96, height: 96 }}
      >
        {attachment.kind === 'PHOTO' ? (
          thumb ? (
            <img src={thumb} alt={attachment.fileName} style={{ width: 94, height: 94, objectFit: 'cover', borderRadius: 6, display: 'block' }} />
          ) : null
        ) : (
          <FilePdfOutlined style={{ fontSize: 36, color: '#cf1322' }} />
        )}
      </button>
      <figcaption>
        <Tag style={{ marginTop: 4, marginInlineEnd: 0 }}>{t(stageKey(attachment.stage))}</Tag>
        <span className="visually-hidden">{caption}</span>
      </figcaption>
    </figure>
  );
}

/** Photos and documents of a row, each with its stage (整改前 / 整改后 / 验收 …). */
export default function Attachments({ attachments }: { attachments: readonly AttachmentFieldsFragment[] }) {
  const { t } = useIntl();
  if (!attachments.length) return <Typography.Text type="secondary">{t('attachment.none')}</Typography.Text>;
  return (
    <Flex gap={8} wrap data-testid="attachments">
      {attachments.map((a) => (
        <AttachmentTile key={a.id} attachment={a} />
      ))}
    </Flex>
  );
}
