import { Module } from '@nestjs/common';
import { PlanReplicaConsumer } from './plan-replica.consumer.js';
import { PlanLookup } from './plan.lookup.js';

@Module({ controllers: [PlanReplicaConsumer], providers: [PlanLookup], exports: [PlanLookup] })
export class PlanReplicaModule {}
