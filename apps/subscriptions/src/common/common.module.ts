import { Global, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { installAfterCommit } from './after-commit.js';
import { SubscriptionsSettings } from './config.js';

@Injectable()
class AfterCommitInstaller implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}
  onModuleInit(): void {
    installAfterCommit(this.dataSource);
  }
}

/** The service's settings and transaction hooks, for every feature. */
@Global()
@Module({ providers: [SubscriptionsSettings, AfterCommitInstaller], exports: [SubscriptionsSettings] })
export class CommonModule {}
