import type { CodegenConfig } from '@graphql-codegen/cli';

// Generated files are committed, so the output must depend only on the schema and the documents.
const config: CodegenConfig = {
  schema: '../graph/schema/*.graphqls',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        // String unions instead of TS enums: no runtime code, and role checks stay plain string compares.
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { Date: 'string', Time: 'string', Upload: 'File' },
      },
    },
  },
};

export default config;
