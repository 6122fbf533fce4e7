import type { ServiceName } from '@simline/contracts';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityClass = Function;

export interface PlatformOptions {
  service: ServiceName;
  /** The service's TypeORM entities (the messaging tables are added for you). */
  entities: EntityClass[];
  migrations: EntityClass[];
  /** Skip the database (a service without one). */
  noDatabase?: boolean;
}
