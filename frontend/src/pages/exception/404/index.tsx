import Exception from '../../../components/Exception';

export default function NotFoundPage() {
  return <Exception status={404} />;
}
