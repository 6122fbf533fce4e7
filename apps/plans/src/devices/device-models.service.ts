import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { newId, type DeviceModel, type ListPage, type Page } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { paginate } from '@simline/persistence';
import type { CreateDeviceModelDto } from './create-device-model.dto.js';
import { DeviceModelTacEntity } from './device-model-tac.entity.js';
import { DeviceModelEntity } from './device-model.entity.js';
import { DeviceModelErrorCode, DeviceModelException } from './device-model.exception.js';
import { toDeviceModel } from './device-model.mapper.js';
import { DEVICE_MODEL_SEEDS, SEED_CREATED_AT } from './device-models.seed.js';
import { parseImei } from './imei.js';

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (err: unknown, constraint?: string) =>
  (err as { code?: string }).code === UNIQUE_VIOLATION && (!constraint || (err as { constraint?: string }).constraint === constraint);

@Injectable()
export class DeviceModelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes the seed catalogue; rows that exist (by id, name or TAC) are left as they are. */
  async seed(): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO device_models (id, manufacturer, name, providers, sim_types, created_at)
         SELECT id, manufacturer, name, string_to_array(providers, ','), string_to_array(sim_types, ','), $6::timestamptz
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::text[]) AS s(id, manufacturer, name, providers, sim_types)
         ON CONFLICT DO NOTHING`,
        [
          DEVICE_MODEL_SEEDS.map((s) => s.id),
          DEVICE_MODEL_SEEDS.map((s) => s.manufacturer),
          DEVICE_MODEL_SEEDS.map((s) => s.name),
          DEVICE_MODEL_SEEDS.map((s) => s.providers.join(',')),
          DEVICE_MODEL_SEEDS.map((s) => s.simTypes.join(',')),
          SEED_CREATED_AT.toISOString(),
        ],
      );
      const tacs = DEVICE_MODEL_SEEDS.flatMap((s) => s.tacs.map((tac) => ({ tac, deviceModel: s.id })));
      await em.query(
        `INSERT INTO device_model_tacs (tac, device_model)
         SELECT t.tac, t.device_model FROM unnest($1::char(8)[], $2::varchar[]) AS t(tac, device_model)
         JOIN device_models m ON m.id = t.device_model
         ON CONFLICT DO NOTHING`,
        [tacs.map((t) => t.tac), tacs.map((t) => t.deviceModel)],
      );
    });
  }

  async create(dto: CreateDeviceModelDto): Promise<DeviceModel> {
    const now = await this.clock.now();
    try {
      return await this.dataSource.transaction(async (em) => {
        if (await em.existsBy(DeviceModelEntity, { manufacturer: dto.manufacturer, name: dto.name })) {
          throw new DeviceModelException(DeviceModelErrorCode.AlreadyExists);
        }
        const taken = await em.findBy(DeviceModelTacEntity, { tac: In(dto.tacs) });
        if (taken.length) throw this.tacsTaken(taken);
        const entity = em.create(DeviceModelEntity, {
          id: newId('deviceModel'),
          manufacturer: dto.manufacturer,
          name: dto.name,
          providers: dto.providers,
          simTypes: dto.simTypes,
          createdAt: now,
        });
        await em.insert(DeviceModelEntity, entity);
        await em.insert(
          DeviceModelTacEntity,
          dto.tacs.map((tac) => ({ tac, deviceModel: entity.id })),
        );
        return toDeviceModel(entity, dto.tacs);
      });
    } catch (err) {
      // Another request created the same model or took one of the TACs between our checks and our insert.
      if (isUniqueViolation(err, 'device_models_manufacturer_name_key')) throw new DeviceModelException(DeviceModelErrorCode.AlreadyExists);
      if (isUniqueViolation(err)) throw new DeviceModelException(DeviceModelErrorCode.TacTaken);
      throw err;
    }
  }

  private tacsTaken(taken: DeviceModelTacEntity[]): DeviceModelException {
    const list = taken.map((t) => `${t.tac} (${t.deviceModel})`).join(', ');
    return new DeviceModelException(DeviceModelErrorCode.TacTaken, `TACs already assigned to another device model: ${list}.`);
  }

  async get(id: string): Promise<DeviceModel> {
    const entity = await this.dataSource.getRepository(DeviceModelEntity).findOneBy({ id });
    if (!entity) throw new DeviceModelException(DeviceModelErrorCode.NotFound);
    return toDeviceModel(entity, await this.tacsOf(this.dataSource.manager, [id]).then((m) => m.get(id) ?? []));
  }

  async list(page: Page): Promise<ListPage<DeviceModel>> {
    const qb = this.dataSource.getRepository(DeviceModelEntity).createQueryBuilder('m');
    const entities = await paginate(qb, page, 'm.id', (e) => e);
    const tacs = await this.tacsOf(this.dataSource.manager, entities.items.map((e) => e.id));
    return { ...entities, items: entities.items.map((e) => toDeviceModel(e, tacs.get(e.id) ?? [])) };
  }

  private async tacsOf(em: EntityManager, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!ids.length) return out;
    for (const t of await em.findBy(DeviceModelTacEntity, { deviceModel: In(ids) })) {
      (out.get(t.deviceModel) ?? out.set(t.deviceModel, []).get(t.deviceModel)!).push(t.tac);
    }
    return out;
  }

  /** The model of an IMEI (by its TAC); a 422 naming `path` when the IMEI is invalid or unknown. */
  async byImei(imei: string, path: string): Promise<DeviceModelEntity> {
    const parsed = parseImei(imei);
    if (!parsed.ok) throw new DeviceModelException(DeviceModelErrorCode.ImeiNotRecognized, parsed.message, 422, path);
    const rows: DeviceModelEntity[] = await this.dataSource
      .getRepository(DeviceModelEntity)
      .createQueryBuilder('m')
      .innerJoin(DeviceModelTacEntity, 't', 't.device_model = m.id')
      .where('t.tac = :tac', { tac: parsed.tac })
      .getMany();
    if (!rows[0]) {
      throw new DeviceModelException(DeviceModelErrorCode.ImeiNotRecognized, `No known device model has TAC ${parsed.tac} (the IMEI's first 8 digits).`, 422, path);
    }
    return rows[0];
  }

  /** A model named in a request body: unknown is a 422 naming `path` (the request, not the URL, is wrong). */
  async byId(id: string, path: string): Promise<DeviceModelEntity> {
    const entity = await this.dataSource.getRepository(DeviceModelEntity).findOneBy({ id });
    if (!entity) throw new DeviceModelException(DeviceModelErrorCode.NotFound, `No device model ${id} exists.`, 422, path);
    return entity;
  }
}
