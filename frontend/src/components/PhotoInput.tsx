import { useEffect, useId, useMemo, useRef } from 'react';
import { Button, Flex, Typography } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { useIntl } from '../locales';

/** The most photos one step takes (the server keeps at most 20 per hazard). */
export const MAX_PHOTOS = 6;

/**
 * Photos for a step: on a phone the button opens the camera (`capture="environment"`, the rear one),
 * elsewhere the file chooser; the chosen ones show as small previews that can be taken out again.
 */
export default function PhotoInput({
  label,
  value = [],
  onChange,
  testId,
}: {
  label: string;
  value?: File[];
  onChange: (files: File[]) => void;
  testId?: string;
}) {
  const { t } = useIntl();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const previews = useMemo(() => value.map((f) => URL.createObjectURL(f)), [value]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  return (
    <div data-testid={testId}>
      <input
        ref={input}
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        aria-label={label}
        className="visually-hidden"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          onChange([...value, ...files].slice(0, MAX_PHOTOS));
        }}
      />
      <Flex gap={8} wrap align="center">
        {value.map((f, i) => (
          <div key={`${f.name}-${i}`} style={{ position: 'relative' }} data-testid="photo-preview">
            <img src={previews[i]} alt={f.name} style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6, display: 'block' }} />
            <Button
              size="small"
              shape="circle"
              icon={<CloseOutlined />}
              aria-label={t('photo.remove', { name: f.name })}
              style={{ position: 'absolute', top: -6, right: -6 }}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            />
          </div>
        ))}
        {value.length < MAX_PHOTOS && (
          <Button icon={<CameraOutlined />} onClick={() => input.current?.click()} aria-controls={id}>
            {label}
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('photo.hint', { max: MAX_PHOTOS })}
      </Typography.Text>
    </div>
  );
}
