// PostGraphile 5 for scripts/bench-peer.sh: the Amber preset over the public schema of the copy of
// the bench database, on 127.0.0.1 only, without GraphiQL, watch mode or explain.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

/** @type {GraphileConfig.Preset} */
export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      poolConfig: { max: Number(process.env.PGL_POOL_MAX ?? 20) },
      pubsub: false,
    }),
  ],
  grafserv: { host: "127.0.0.1", port: Number(process.env.PGL_PORT), graphiql: false, watch: false },
  grafast: { explain: false },
};
