import { Radio, type RadioGroupProps } from 'antd';

/**
 * antd's Radio.Group is a plain <div> (an aria-label on it is ignored, and a Form.Item's <label for>
 * cannot point at it): its radios are named one by one (符合, 不符合 …) but not as a group, so a
 * screen reader says "符合" without saying for what. The radiogroup role with the field's name ties
 * them together; Form.Item's value and onChange go through to the group.
 */
export default function LabelledRadioGroup({ label, ...props }: RadioGroupProps & { label: string }) {
  return (
    <div role="radiogroup" aria-label={label} style={{ display: 'inline-block' }}>
      <Radio.Group {...props} />
    </div>
  );
}
