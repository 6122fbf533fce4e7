import type { ServiceName } from '@simline/contracts';

type EntityClass = Function;

export interface PlatformOptions {
  service: ServiceName;
  /** The service's TypeORM entities, starting with PLATFORM_ENTITIES (outbox, inbox, project replica). */
  entities: EntityClass[];
  migrations: EntityClass[];
  /** Keep a replica of `project.*` (default true; the gateway owns projects and says false). */
  projectsReplica?: boolean;
  /**
   * Paths this service serves to the public without the internal token (approval pages), in addition to
   * `createServiceApp`'s `publicPrefixes`; HTML form posts (urlencoded) are accepted under them.
   */
  publicPrefixes?: string[];
}
