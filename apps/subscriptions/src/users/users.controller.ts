import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parsePage, type ListPage, type User, type UserAddress } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import {
  idOf,
  NoQuerySchema,
  parseQueryString,
  pathParams,
  ProjectIdSchema,
  projectParam,
} from '../common/params.js';
import {
  CreateUserAddressSchema,
  CreateUserSchema,
  ListAddressesQuerySchema,
  ListUsersQuerySchema,
  UpdateUserSchema,
} from './user.dto.js';
import { UsersService } from './users.service.js';

const userPath = (project: string, user: string) =>
  pathParams({ project: ProjectIdSchema, user: idOf('user') }, { project, user });

/** The partner user and user-address endpoints (docs: user.docs.ts). */
@Controller('projects/:project/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Query() query: unknown, @Body() body: unknown): Promise<User> {
    projectParam(project);
    parseQueryString(NoQuerySchema, query);
    return this.users.create(project, parseBody(CreateUserSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<User>> {
    projectParam(project);
    const q = parseQueryString(ListUsersQuerySchema, query);
    return this.users.list(project, q, parsePage(q, 'user'));
  }

  @Get(':user')
  get(
    @Param('project') project: string,
    @Param('user') user: string,
    @Query() query: unknown,
  ): Promise<User> {
    userPath(project, user);
    parseQueryString(NoQuerySchema, query);
    return this.users.get(project, user);
  }

  @Patch(':user')
  update(
    @Param('project') project: string,
    @Param('user') user: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<User> {
    userPath(project, user);
    parseQueryString(NoQuerySchema, query);
    return this.users.update(project, user, parseBody(UpdateUserSchema, body));
  }

  @Delete(':user')
  delete(
    @Param('project') project: string,
    @Param('user') user: string,
    @Query() query: unknown,
  ): Promise<User> {
    userPath(project, user);
    parseQueryString(NoQuerySchema, query);
    return this.users.delete(project, user);
  }

  @Post(':user/addresses')
  @HttpCode(201)
  addAddress(
    @Param('project') project: string,
    @Param('user') user: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<UserAddress> {
    userPath(project, user);
    parseQueryString(NoQuerySchema, query);
    return this.users.addAddress(project, user, parseBody(CreateUserAddressSchema, body));
  }

  @Get(':user/addresses')
  listAddresses(
    @Param('project') project: string,
    @Param('user') user: string,
    @Query() query: unknown,
  ): Promise<ListPage<UserAddress>> {
    userPath(project, user);
    return this.users.listAddresses(
      project,
      user,
      parsePage(parseQueryString(ListAddressesQuerySchema, query), 'userAddress'),
    );
  }

  @Get(':user/addresses/:address')
  getAddress(
    @Param('project') project: string,
    @Param('user') user: string,
    @Param('address') address: string,
    @Query() query: unknown,
  ): Promise<UserAddress> {
    pathParams(
      { project: ProjectIdSchema, user: idOf('user'), address: idOf('userAddress') },
      { project, user, address },
    );
    parseQueryString(NoQuerySchema, query);
    return this.users.getAddress(project, user, address);
  }
}
