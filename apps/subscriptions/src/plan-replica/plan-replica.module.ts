import { Module } from '@nestjs/common';
import { PlanReplicaConsumer } from './plan-replica.consumer.js';
import { PlanLookup } from './plan.lookup.js';

@Module({ providers: [PlanReplicaConsumer, PlanLookup], exports: [PlanReplicaConsumer, PlanLookup] })
export class PlanReplicaModule {}
