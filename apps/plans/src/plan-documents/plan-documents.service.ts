import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newId, type ListPage, type Page, type PlanDocument } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { paginate } from '@simline/persistence';
import { PlanEntity } from '../plans/plan.entity.js';
import { PlanErrorCode, PlanException } from '../plans/plan.exception.js';
import type { CreatePlanDocumentDto } from './plan-document.dto.js';
import { PlanDocumentEntity } from './plan-document.entity.js';
import { PlanDocumentErrorCode, PlanDocumentException } from './plan-document.exception.js';
import { toPlanDocument } from './plan-document.mapper.js';

@Injectable()
export class PlanDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Attaches a document to a plan of the project (ops). Documents do not change the plan's version. */
  async create(project: string, plan: string, dto: CreatePlanDocumentDto): Promise<PlanDocument> {
    await this.assertPlan(project, plan);
    const now = await this.clock.now(project);
    const entity = this.dataSource.getRepository(PlanDocumentEntity).create({
      id: newId('planDocument'),
      project,
      plan,
      name: dto.name,
      language: dto.language ? Intl.getCanonicalLocales(dto.language)[0]! : null,
      type: dto.type.toLowerCase(),
      url: dto.url,
      createdAt: now,
    });
    await this.dataSource.getRepository(PlanDocumentEntity).insert(entity);
    return toPlanDocument(entity);
  }

  /** One document; with `plan`, it must also belong to that plan (the deprecated nested path). */
  async get(project: string, id: string, plan?: string): Promise<PlanDocument> {
    if (plan) await this.assertPlan(project, plan);
    const entity = await this.dataSource.getRepository(PlanDocumentEntity).findOneBy({ project, id, ...(plan ? { plan } : {}) });
    if (!entity) throw new PlanDocumentException(PlanDocumentErrorCode.NotFound);
    return toPlanDocument(entity);
  }

  /** Newest first; `nested` answers 404 for a plan that does not exist, as the nested path must. */
  async list(project: string, page: Page, plan?: string, nested = false): Promise<ListPage<PlanDocument>> {
    if (nested && plan) await this.assertPlan(project, plan);
    const qb = this.dataSource.getRepository(PlanDocumentEntity).createQueryBuilder('d').where('d.project = :project', { project });
    if (plan) qb.andWhere('d.plan = :plan', { plan });
    return paginate(qb, page, 'd.id', toPlanDocument);
  }

  private async assertPlan(project: string, id: string): Promise<void> {
    const exists = await this.dataSource.getRepository(PlanEntity).existsBy({ project, id });
    if (!exists) throw new PlanException(PlanErrorCode.NotFound);
  }
}
