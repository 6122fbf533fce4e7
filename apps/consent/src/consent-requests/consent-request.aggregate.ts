import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import { AggregateRegistry, entityAggregate } from '@simline/platform';
import { ConsentRequestEntity } from './consent-request.entity.js';
import { toConsentRequest } from './consent-request.mapper.js';

/** Consent requests for ops reconciliation and `explain` (`/internal/aggregates/consentRequest`); repair re-emits `consentRequest.updated`. */
@Injectable()
export class ConsentRequestAggregate implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly registry: AggregateRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      entityAggregate({ type: 'consentRequest', dataSource: this.ds, clock: this.clock, entity: ConsentRequestEntity, toData: toConsentRequest, snapshotEvent: 'consentRequest.updated' }),
    );
  }
}
