import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, InboxOutlined, RollbackOutlined, TeamOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useAccess } from '../../../components/AccessProvider';
import Exception from '../../../components/Exception';
import LinkButton from '../../../components/LinkButton';
import PageContainer from '../../../components/PageContainer';
import PageLoading from '../../../components/PageLoading';
import QueryFailure from '../../../components/QueryFailure';
import { ArchiveUnitDocument, RestoreUnitDocument, UnitDetailDocument, type UnitProfileFragment } from '../../../graphql/generated/graphql';
import { useIntl } from '../../../locales';
import { useAuth } from '../../../services/auth';
import { describeApiError, parseApiError } from '../../../services/errors';
import { filterParams } from '../listState';
import { BlacklistTag, currentYear, sectorLabel, ZeroAccidentTag } from '../shared';
import ChangeLog from './ChangeLog';
import EventTabs from './EventTabs';
import TodoList from '../../todo/TodoList';
import OfficersModal from './OfficersModal';

type Officer = UnitProfileFragment['safetyOfficers'][number];

/** 单位详情: the unit's profile, its safety officers and its change log; edits for those who may. */
export default function UnitPage() {
  const { t, locale } = useIntl();
  const { id = '' } = useParams();
  const { access } = useAccess();
  const { user } = useAuth();
  const { message, modal } = App.useApp();
  const year = currentYear();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: UnitDetailDocument, variables: { id, year } });
  const [, archiveUnit] = useMutation(ArchiveUnitDocument);
  const [, restoreUnit] = useMutation(RestoreUnitDocument);
  const [editingOfficers, setEditingOfficers] = useState(false);
  const [conflict, setConflict] = useState<unknown>(null);
  // bumped after an inspection, hazard step, incident, certification or listing: the tabs reload
  const [refreshKey, setRefreshKey] = useState(0);

  if (fetching && !data) return <PageLoading />;
  if (error && !data?.unit) return <QueryFailure error={error} notFoundTitle={t('unit.notFound')} />;
  const unit = data?.unit;
  if (!unit) return <Exception status={404} title={t('unit.notFound')} />;

  const reload = () => {
    setConflict(null);
    reexecute({ requestPolicy: 'network-only' });
  };
  const failed = (err: unknown) => {
    if (parseApiError(err).code === 'CONFLICT') setConflict(err);
    else message.error(describeApiError(err, locale, t).message);
  };

  const confirmArchive = () =>
    modal.confirm({
      title: t('unit.archiveConfirm', { name: unit.name }),
      content: t('unit.archiveConfirmDetail'),
      okText: t('unit.archive'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        const result = await archiveUnit({ id: unit.id, version: unit.version });
        if (result.data) message.success(t('unit.archivedDone', { name: unit.name }));
        else failed(result.error);
      },
    });
  const confirmRestore = () =>
    modal.confirm({
      title: t('unit.restoreConfirm', { name: unit.name }),
      okText: t('unit.restore'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const result = await restoreUnit({ id: unit.id, version: unit.version });
        if (result.data) message.success(t('unit.restoredDone', { name: unit.name }));
        else failed(result.error);
      },
    });

  const eventsChanged = () => {
    setRefreshKey((k) => k + 1);
    // the profile's open hazards, this year's status and the blacklist mark change with them
    reexecute({ requestPolicy: 'network-only' });
  };

  // The breadcrumbs follow the way down: 首页 / 县 / 乡镇 / 单位, or for a lead department (which has
  // no county pages) 首页 / 行业领域 N / 县 (its units of that sector) / 单位.
  const townLink = access.canViewTown(unit.town.code)
    ? `/towns/${unit.town.code}`
    : `/units?${filterParams({ countyCode: unit.county.code, townCode: unit.town.code, archived: 'false' }).toString()}`;
  const trail =
    user?.role === 'DEPARTMENT_USER'
      ? [
          { title: `${t('menu.sector')} ${unit.sector.number}`, path: access.canViewSector(unit.sector.number) ? `/sectors/${unit.sector.number}` : undefined },
          { title: unit.county.name, path: `/units?${filterParams({ sectorNumber: unit.sector.number, countyCode: unit.county.code, archived: 'false' }).toString()}` },
          { title: unit.name },
        ]
      : [
          { title: unit.county.name, path: access.canViewCounty(unit.county.code) ? `/counties/${unit.county.code}` : undefined },
          { title: unit.town.name, path: townLink },
          { title: unit.name },
        ];
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const none = <Typography.Text type="secondary">—</Typography.Text>;

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          <span>{unit.name}</span>
          {unit.archived && <Tag>{t('unit.archived')}</Tag>}
          {unit.blacklisted && <BlacklistTag />}
        </Space>
      }
      trail={trail}
      extra={
        unit.canEdit && (
          <Space wrap>
            <LinkButton to={`/units/${unit.id}/edit`} type="primary" icon={<EditOutlined />}>
              {t('unit.edit')}
            </LinkButton>
            {unit.archived ? (
              <Button icon={<RollbackOutlined />} onClick={confirmRestore}>
                {t('unit.restore')}
              </Button>
            ) : (
              <Button danger icon={<InboxOutlined />} onClick={confirmArchive}>
                {t('unit.archive')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {access.hasOwnUnit && user?.unit?.id === unit.id && <TodoList compact />}
        {conflict !== null && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            message={t('unit.conflict')}
            action={
              <Button size="small" type="primary" onClick={reload}>
                {t('unit.reload')}
              </Button>
            }
          />
        )}
        <Card title={t('unit.profile')}>
          <Descriptions
            bordered
            size="middle"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
            styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
            data-testid="unit-profile"
          >
            <Descriptions.Item label={t('unit.name')}>{unit.name}</Descriptions.Item>
            <Descriptions.Item label={t('unit.category')}>
              {unit.category.name}
              {/* 村(社区) is its own target group; other categories belong to 企事业单位 */}
              {unit.category.name !== t(`targetGroup.${unit.category.targetGroup}`) && (
                <Typography.Text type="secondary">（{t(`targetGroup.${unit.category.targetGroup}`)}）</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('unit.sector')}>{sectorLabel(unit.sector)}</Descriptions.Item>
            <Descriptions.Item label={t('unit.county')}>{unit.county.name}</Descriptions.Item>
            <Descriptions.Item label={t('unit.town')}>{unit.town.name}</Descriptions.Item>
            <Descriptions.Item label={t('unit.address')}>{unit.address || none}</Descriptions.Item>
            <Descriptions.Item label={t('unit.creditCode')}>{unit.creditCode ?? none}</Descriptions.Item>
            <Descriptions.Item label={t('unit.principalName')}>{unit.principalName || none}</Descriptions.Item>
            <Descriptions.Item label={t('unit.principalPhone')}>{unit.principalPhone || none}</Descriptions.Item>
            <Descriptions.Item label={t('unit.cityLevel')}>{unit.cityLevel ? t('common.yes') : t('common.no')}</Descriptions.Item>
            <Descriptions.Item label={t('unit.enrolledOn')}>{unit.enrolledOn}</Descriptions.Item>
            <Descriptions.Item label={t('unit.status')}>
              {unit.archived ? (
                <Tag>{t('unit.archivedSince', { date: unit.archivedOn ?? '' })}</Tag>
              ) : (
                <Tag color="green">{t('unit.active')}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('unit.blacklisted')}>{unit.blacklisted ? <BlacklistTag /> : t('common.no')}</Descriptions.Item>
            {unit.divisionCode && <Descriptions.Item label={t('unit.divisionCode')}>{unit.divisionCode}</Descriptions.Item>}
            {unit.longitude != null && unit.latitude != null && (
              <Descriptions.Item label={t('unit.location')}>
                {unit.longitude.toFixed(6)}, {unit.latitude.toFixed(6)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('unit.openHazardCount')}>{unit.openHazardCount}</Descriptions.Item>
            <Descriptions.Item label={t('unit.zeroAccidentYear', { year })}>
              <ZeroAccidentTag value={unit.zeroAccident} />
            </Descriptions.Item>
            <Descriptions.Item label={t('unit.incidentCountYear', { year })}>{unit.incidentCount}</Descriptions.Item>
            <Descriptions.Item label={t('unit.updatedAt')}>{dateTime.format(new Date(unit.updatedAt))}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card
          title={t('unit.officers')}
          extra={
            unit.canEdit && (
              <Button icon={<TeamOutlined />} onClick={() => setEditingOfficers(true)}>
                {t('unit.editOfficers')}
              </Button>
            )
          }
        >
          {unit.safetyOfficers.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('unit.noOfficers')} />
          ) : (
            <Table<Officer>
              data-testid="officers-table"
              rowKey="id"
              size="middle"
              pagination={false}
              dataSource={unit.safetyOfficers}
              columns={[
                { title: t('unit.officerName'), dataIndex: 'name' },
                { title: t('unit.officerPhone'), dataIndex: 'phone' },
                {
                  title: t('unit.officerType'),
                  dataIndex: 'fullTime',
                  render: (full: boolean) => (full ? <Tag color="blue">{t('unit.fullTime')}</Tag> : <Tag>{t('unit.partTime')}</Tag>),
                },
              ]}
            />
          )}
        </Card>
        <EventTabs unit={unit} refreshKey={refreshKey} onChanged={eventsChanged} />
        <ChangeLog unitId={unit.id} maskPhones={user?.role === 'ANALYST'} />
      </Space>
      {unit.canEdit && (
        <OfficersModal
          unit={unit}
          open={editingOfficers}
          onClose={() => setEditingOfficers(false)}
          onSaved={() => {
            setEditingOfficers(false);
            message.success(t('unit.officersSaved'));
          }}
          onConflict={(err) => {
            setEditingOfficers(false);
            setConflict(err);
          }}
        />
      )}
    </PageContainer>
  );
}
