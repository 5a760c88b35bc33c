import { lazy, Suspense } from 'react';
import { Route, Routes, useParams } from 'react-router';
import { AccessProvider, useAccess } from './components/AccessProvider';
import Exception from './components/Exception';
import PageLoading from './components/PageLoading';
import RequireAuth from './components/RequireAuth';
import BasicLayout from './layouts/BasicLayout';
import { isAllowed, routes, type AppRoute } from './routes';

const LoginPage = lazy(() => import('./pages/user/login'));

/** Renders a route's page, or 无权访问 when access.ts says the user may not open it. */
function RoutePage({ route }: { route: AppRoute }) {
  const params = useParams();
  const { access, ready } = useAccess();
  if (!ready) return <PageLoading />;
  if (!isAllowed(route, access, params)) return <Exception status={403} />;
  const Page = route.component;
  return <Page />;
}

export default function App() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<PageLoading />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            {(user) => (
              <AccessProvider user={user}>
                <BasicLayout user={user} />
              </AccessProvider>
            )}
          </RequireAuth>
        }
      >
        {routes.map((route) => (
          <Route key={route.path} path={route.path} element={<RoutePage route={route} />} />
        ))}
      </Route>
    </Routes>
  );
}
