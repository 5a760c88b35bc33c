import { Card, Result } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import PageContainer from '../../../components/PageContainer';
import { useIntl } from '../../../locales';

/** Placeholder until the analysis workbench is built; it says so rather than showing empty charts. */
export default function AnalysisPage() {
  const { t } = useIntl();
  return (
    <PageContainer title={t('analysis.title')}>
      <Card>
        <Result icon={<ExperimentOutlined />} title={t('analysis.comingSoon')} subTitle={t('analysis.detail')} />
      </Card>
    </PageContainer>
  );
}
