import Exception from '../../../components/Exception';

export default function ForbiddenPage() {
  return <Exception status={403} />;
}
