import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The request a resend replaced a consent request with: a port-out follows a resent link (docs/decisions/0501). */
export class ConsentReplicaReplacedBy1795389470291 implements MigrationInterface {
  name = 'ConsentReplicaReplacedBy1795389470291';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consent_replicas" ADD "replaced_by" character varying(40)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consent_replicas" DROP COLUMN "replaced_by"`);
  }
}
