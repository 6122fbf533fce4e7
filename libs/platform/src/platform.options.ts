import type { ServiceName } from '@simline/contracts';

type EntityClass = Function;

export interface PlatformOptions {
  service: ServiceName;
  /** The service's TypeORM entities (the messaging tables are added for you). */
  entities: EntityClass[];
  migrations: EntityClass[];
  /** Skip the database (a service without one). */
  noDatabase?: boolean;
}
