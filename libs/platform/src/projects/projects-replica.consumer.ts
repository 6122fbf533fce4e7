import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { AnyEventEnvelope } from '@simline/contracts';
import { EventContext, OnEvents } from '@simline/messaging';
import { ProjectsReplica } from './projects.replica.js';

/** Keeps every service's project replica from `project.*` events (left out with `projectsReplica: false`). */
@Controller()
export class ProjectsReplicaConsumer {
  constructor(private readonly replica: ProjectsReplica) {}

  @OnEvents({ group: 'projects', types: ['project.created', 'project.updated'], batch: 500 })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.replica.apply(events, em);
  }
}
