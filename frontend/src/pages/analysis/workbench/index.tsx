import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { App, Button, Flex, Space, Tabs, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import { SavedQueriesDocument } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { buildPivotQuery, parsePivot, pivotVariables, type PivotSpec } from './pivot';
import PivotPanel from './PivotPanel';
import SavedQueriesCard, { type SavedQuery } from './SavedQueriesCard';
import SaveQueryModal, { type QueryToSave } from './SaveQueryModal';

const QueryEditor = lazy(() => import('./QueryEditor'));

const EXAMPLE_QUERY = `query CountyRates($year: Int!) {
  targetAttainment(year: $year) {
    target { village enterprise }
    counties {
      county { name }
      villageRate
      enterpriseRate
    }
  }
}
`;

type Tab = 'pivot' | 'editor';

/** 数据分析: the pivot builder, the saved queries and a GraphiQL editor for anything else. */
export default function AnalysisPage() {
  const { t } = useIntl();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'editor' ? 'editor' : 'pivot';
  const setTab = (next: Tab) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (next === 'pivot') n.delete('tab');
        else n.set('tab', next);
        return n;
      },
      { replace: true },
    );

  const context = useMemo(() => ({ additionalTypenames: ['SavedQuery'] }), []);
  const [saved, reexecuteSaved] = useQuery({ query: SavedQueriesDocument, context });
  const [toSave, setToSave] = useState<QueryToSave>();
  const [loadedPivot, setLoadedPivot] = useState<{ spec: PivotSpec; nonce: number }>();
  // what the editor opens with (a new key remounts it with a loaded query) and what it holds now
  const [editorSeed, setEditorSeed] = useState(() => ({
    key: 0,
    query: `${t('analysis.editorComment')}\n${EXAMPLE_QUERY}`,
    variables: JSON.stringify({ year: new Date().getFullYear() }, null, 2),
  }));
  const editorNow = useRef({ query: editorSeed.query, variables: editorSeed.variables });

  const savePivot = (spec: PivotSpec) =>
    setToSave({
      query: buildPivotQuery(spec),
      variables: JSON.stringify(pivotVariables(spec)),
      name: t('analysis.defaultName', {
        year: spec.year,
        dims: spec.dimensions.map((d) => t(`analysis.dim.${d}`)).join(' × ') || t('analysis.total'),
      }),
    });

  const load = (q: SavedQuery) => {
    const spec = parsePivot(q.query, q.variables);
    if (spec) {
      setLoadedPivot({ spec, nonce: Date.now() });
      setTab('pivot');
    } else {
      const variables = q.variables && q.variables !== '{}' ? q.variables : '';
      editorNow.current = { query: q.query, variables };
      setEditorSeed((s) => ({ key: s.key + 1, query: q.query, variables }));
      setTab('editor');
    }
    message.info(t('saved.loaded', { name: q.name }));
  };

  return (
    <PageContainer title={t('analysis.title')}>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          items={[
            { key: 'pivot', label: t('analysis.tab.pivot'), children: <PivotPanel loaded={loadedPivot} onSave={savePivot} /> },
            {
              key: 'editor',
              label: t('analysis.tab.editor'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Flex justify="space-between" align="center" wrap gap={8}>
                    <Typography.Text type="secondary">{t('analysis.editorHint')}</Typography.Text>
                    <Button
                      icon={<SaveOutlined />}
                      onClick={() =>
                        setToSave({
                          query: editorNow.current.query,
                          variables: editorNow.current.variables.trim() || '{}',
                          name: t('analysis.editorName'),
                        })
                      }
                    >
                      {t('analysis.saveEditor')}
                    </Button>
                  </Flex>
                  {tab === 'editor' && (
                    <Suspense fallback={<PageLoading />}>
                      <QueryEditor
                        key={editorSeed.key}
                        initialQuery={editorSeed.query}
                        initialVariables={editorSeed.variables}
                        onEditQuery={(query) => (editorNow.current = { ...editorNow.current, query })}
                        onEditVariables={(variables) => (editorNow.current = { ...editorNow.current, variables })}
                      />
                    </Suspense>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <SavedQueriesCard
          queries={saved.data?.savedQueries ?? []}
          fetching={saved.fetching}
          error={saved.error}
          onLoad={load}
          onDeleted={() => reexecuteSaved({ requestPolicy: 'network-only' })}
        />
      </Space>
      <SaveQueryModal
        value={toSave}
        onClose={() => setToSave(undefined)}
        onSaved={(q) => {
          setToSave(undefined);
          message.success(t('saved.saved', { name: q.name }));
          reexecuteSaved({ requestPolicy: 'network-only' });
        }}
      />
    </PageContainer>
  );
}
