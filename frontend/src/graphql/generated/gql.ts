/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment CurrentUser on User {\n  id\n  username\n  displayName\n  role\n  county {\n    code\n    name\n  }\n  department {\n    code\n    name\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation RefreshToken($token: String!) {\n  refreshToken(token: $token) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation Logout($refreshToken: String) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Me {\n  me {\n    ...CurrentUser\n  }\n}": typeof types.CurrentUserFragmentDoc,
    "query DepartmentSectors($code: ID!) {\n  department(code: $code) {\n    code\n    name\n    sectors {\n      number\n      name\n      note\n    }\n  }\n}": typeof types.DepartmentSectorsDocument,
    "query UserList($first: Int!, $after: String) {\n  users(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        username\n        displayName\n        role\n        active\n        createdAt\n        version\n        county {\n          code\n          name\n        }\n        department {\n          code\n          name\n        }\n      }\n    }\n  }\n}\n\nquery UserFormOptions {\n  counties {\n    code\n    name\n  }\n  departments {\n    code\n    name\n  }\n}\n\nmutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    id\n    username\n  }\n}\n\nmutation DeactivateUser($id: ID!, $version: Int!) {\n  deactivateUser(id: $id, version: $version) {\n    id\n    active\n    version\n  }\n}": typeof types.UserListDocument,
    "query HomeOverview {\n  counties {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n    }\n  }\n  sectors {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n    }\n  }\n}": typeof types.HomeOverviewDocument,
    "query CountyDetail($code: ID!) {\n  county(code: $code) {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n      unitCount\n    }\n  }\n}": typeof types.CountyDetailDocument,
    "query SectorDetail($number: Int!) {\n  sector(number: $number) {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n      note\n    }\n  }\n}": typeof types.SectorDetailDocument,
};
const documents: Documents = {
    "fragment CurrentUser on User {\n  id\n  username\n  displayName\n  role\n  county {\n    code\n    name\n  }\n  department {\n    code\n    name\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation RefreshToken($token: String!) {\n  refreshToken(token: $token) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation Logout($refreshToken: String) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Me {\n  me {\n    ...CurrentUser\n  }\n}": types.CurrentUserFragmentDoc,
    "query DepartmentSectors($code: ID!) {\n  department(code: $code) {\n    code\n    name\n    sectors {\n      number\n      name\n      note\n    }\n  }\n}": types.DepartmentSectorsDocument,
    "query UserList($first: Int!, $after: String) {\n  users(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        username\n        displayName\n        role\n        active\n        createdAt\n        version\n        county {\n          code\n          name\n        }\n        department {\n          code\n          name\n        }\n      }\n    }\n  }\n}\n\nquery UserFormOptions {\n  counties {\n    code\n    name\n  }\n  departments {\n    code\n    name\n  }\n}\n\nmutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    id\n    username\n  }\n}\n\nmutation DeactivateUser($id: ID!, $version: Int!) {\n  deactivateUser(id: $id, version: $version) {\n    id\n    active\n    version\n  }\n}": types.UserListDocument,
    "query HomeOverview {\n  counties {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n    }\n  }\n  sectors {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n    }\n  }\n}": types.HomeOverviewDocument,
    "query CountyDetail($code: ID!) {\n  county(code: $code) {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n      unitCount\n    }\n  }\n}": types.CountyDetailDocument,
    "query SectorDetail($number: Int!) {\n  sector(number: $number) {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n      note\n    }\n  }\n}": types.SectorDetailDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment CurrentUser on User {\n  id\n  username\n  displayName\n  role\n  county {\n    code\n    name\n  }\n  department {\n    code\n    name\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation RefreshToken($token: String!) {\n  refreshToken(token: $token) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation Logout($refreshToken: String) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Me {\n  me {\n    ...CurrentUser\n  }\n}"): (typeof documents)["fragment CurrentUser on User {\n  id\n  username\n  displayName\n  role\n  county {\n    code\n    name\n  }\n  department {\n    code\n    name\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation RefreshToken($token: String!) {\n  refreshToken(token: $token) {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      ...CurrentUser\n    }\n  }\n}\n\nmutation Logout($refreshToken: String) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Me {\n  me {\n    ...CurrentUser\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DepartmentSectors($code: ID!) {\n  department(code: $code) {\n    code\n    name\n    sectors {\n      number\n      name\n      note\n    }\n  }\n}"): (typeof documents)["query DepartmentSectors($code: ID!) {\n  department(code: $code) {\n    code\n    name\n    sectors {\n      number\n      name\n      note\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UserList($first: Int!, $after: String) {\n  users(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        username\n        displayName\n        role\n        active\n        createdAt\n        version\n        county {\n          code\n          name\n        }\n        department {\n          code\n          name\n        }\n      }\n    }\n  }\n}\n\nquery UserFormOptions {\n  counties {\n    code\n    name\n  }\n  departments {\n    code\n    name\n  }\n}\n\nmutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    id\n    username\n  }\n}\n\nmutation DeactivateUser($id: ID!, $version: Int!) {\n  deactivateUser(id: $id, version: $version) {\n    id\n    active\n    version\n  }\n}"): (typeof documents)["query UserList($first: Int!, $after: String) {\n  users(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        username\n        displayName\n        role\n        active\n        createdAt\n        version\n        county {\n          code\n          name\n        }\n        department {\n          code\n          name\n        }\n      }\n    }\n  }\n}\n\nquery UserFormOptions {\n  counties {\n    code\n    name\n  }\n  departments {\n    code\n    name\n  }\n}\n\nmutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    id\n    username\n  }\n}\n\nmutation DeactivateUser($id: ID!, $version: Int!) {\n  deactivateUser(id: $id, version: $version) {\n    id\n    active\n    version\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomeOverview {\n  counties {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n    }\n  }\n  sectors {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n    }\n  }\n}"): (typeof documents)["query HomeOverview {\n  counties {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n    }\n  }\n  sectors {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CountyDetail($code: ID!) {\n  county(code: $code) {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n      unitCount\n    }\n  }\n}"): (typeof documents)["query CountyDetail($code: ID!) {\n  county(code: $code) {\n    code\n    name\n    unitCount\n    towns {\n      code\n      name\n      unitCount\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SectorDetail($number: Int!) {\n  sector(number: $number) {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n      note\n    }\n  }\n}"): (typeof documents)["query SectorDetail($number: Int!) {\n  sector(number: $number) {\n    number\n    name\n    note\n    leadDepartments {\n      code\n      name\n      note\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;