import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useQuery } from 'urql';
import access, { type Access, type CurrentUser } from '../access';
import { DepartmentSectorsDocument } from '../graphql/generated/graphql';

interface AccessValue {
  access: Access;
  /** False while a department user's sectors are still loading (their sector pages wait for it). */
  ready: boolean;
}

const AccessContext = createContext<AccessValue | null>(null);

export function AccessProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  const departmentCode = user.role === 'DEPARTMENT_USER' ? user.department?.code : undefined;
  const [{ data, fetching, error }] = useQuery({
    query: DepartmentSectorsDocument,
    variables: { code: departmentCode ?? '' },
    pause: !departmentCode,
  });
  const value = useMemo(() => {
    const ownSectors = data?.department?.sectors.map((s) => s.number) ?? [];
    return {
      access: access(user, ownSectors),
      ready: !departmentCode || (!fetching && (!!data || !!error)),
    };
  }, [user, departmentCode, data, fetching, error]);
  return <AccessContext.Provider value={value}>{children}</AccessContext.Provider>;
}

export function useAccess(): AccessValue {
  const value = useContext(AccessContext);
  if (!value) throw new Error('useAccess outside AccessProvider');
  return value;
}
