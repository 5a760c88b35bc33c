import type { MouseEvent, ReactNode } from 'react';
import { Button, type ButtonProps } from 'antd';
import { useHref, useLinkClickHandler, type To } from 'react-router';

/**
 * A link that looks like a button: one <a> (antd renders a Button with href as an anchor), where
 * <Link><Button/></Link> nested a button in a link — two tab stops for one target, and a control
 * that screen readers announce twice. Plain clicks navigate inside the app; a middle or modified
 * click opens a new tab as any link does.
 */
export default function LinkButton({ to, children, ...props }: { to: To; children?: ReactNode } & Omit<ButtonProps, 'href' | 'onClick'>) {
  const href = useHref(to);
  const navigate = useLinkClickHandler<HTMLAnchorElement>(to);
  return (
    <Button {...props} href={href} onClick={(e: MouseEvent<HTMLElement>) => navigate(e as MouseEvent<HTMLAnchorElement>)}>
      {children}
    </Button>
  );
}
