import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';
import { UserReader } from './user.reader.js';

@Module({
  imports: [SubscriptionsModule],
  controllers: [UsersController],
  providers: [UsersService, UserReader],
})
export class UsersModule {}
