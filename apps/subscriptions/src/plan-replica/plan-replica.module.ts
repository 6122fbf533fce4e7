import { Module } from '@nestjs/common';
import { PlanReplicaConsumer } from './plan-replica.consumer.js';

@Module({ providers: [PlanReplicaConsumer], exports: [PlanReplicaConsumer] })
export class PlanReplicaModule {}
