import { Flex, Spin } from 'antd';
import { useIntl } from '../locales';

export default function PageLoading() {
  const { t } = useIntl();
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240 }}>
      <Spin tip={t('app.loading')}>
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </Flex>
  );
}
