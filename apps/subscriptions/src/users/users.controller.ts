import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { listSchema, paginationQuerySchema, parsePage, UserAddressSchema, UserSchema, type ListPage, type User, type UserAddress } from '@simline/contracts';
import { ApiRoute, NoQueryDto, ProjectPathDto } from '@simline/platform';
import { USER_ADDRESS_EXAMPLE, USER_EXAMPLE } from '../subscriptions/subscription.examples.js';
import {
  CreateUserAddressDto,
  CreateUserDto,
  ListAddressesQueryDto,
  ListUsersQueryDto,
  UpdateUserDto,
  UserAddressPathDto,
  UserPathDto,
} from './user.dto.js';
import { UsersService } from './users.service.js';

const tags = ['Users'];
const list = <T>(item: T) => ({ object: 'list', items: [item], moreItemsAfter: null, moreItemsBefore: null });

/** The partner user and user-address endpoints. */
@Controller('projects/:project/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create a user',
    tags,
    bodyExample: { email: 'jerry@example.com', fullName: 'Jerry Seinfeld', birthday: '2017-07-21', preferredLocale: 'en-US', metadata: {} },
    responses: [{ status: 201, description: 'Returns the new user.', schema: UserSchema, example: USER_EXAMPLE }],
    errors: [400, 422],
  })
  create(@Param() { project }: ProjectPathDto, @Query() _query: NoQueryDto, @Body() body: CreateUserDto): Promise<User> {
    return this.users.create(project, body);
  }

  @Get()
  @ApiRoute({
    summary: 'List all users',
    tags,
    query: z.object({ email: z.string().optional(), ...paginationQuerySchema.shape }),
    responses: [{ status: 200, description: 'Returns a list of users, newest first.', schema: listSchema(UserSchema), example: list(USER_EXAMPLE) }],
    errors: [422],
  })
  list(@Param() { project }: ProjectPathDto, @Query() query: ListUsersQueryDto): Promise<ListPage<User>> {
    return this.users.list(project, query, parsePage(query, 'user'));
  }

  @Get(':user')
  @ApiRoute({ summary: 'Retrieve a user', tags, responses: [{ status: 200, description: 'Returns the user.', schema: UserSchema, example: USER_EXAMPLE }], errors: [404, 422] })
  get(@Param() { project, user }: UserPathDto, @Query() _query: NoQueryDto): Promise<User> {
    return this.users.get(project, user);
  }

  @Patch(':user')
  @ApiRoute({
    summary: 'Update a user',
    tags,
    bodyExample: { fullName: 'Jerry Seinfeld' },
    responses: [{ status: 200, description: 'Returns the updated user.', schema: UserSchema, example: USER_EXAMPLE }],
    errors: [400, 404, 422],
  })
  update(@Param() { project, user }: UserPathDto, @Query() _query: NoQueryDto, @Body() body: UpdateUserDto): Promise<User> {
    return this.users.update(project, user, body);
  }

  @Delete(':user')
  @ApiRoute({
    summary: 'Delete a user',
    description: "Deletes the user; the user's subscriptions end at once with cause `userDeleted`.",
    tags,
    responses: [{ status: 200, description: 'Returns the deleted user.', schema: UserSchema, example: USER_EXAMPLE }],
    errors: [404, 422],
  })
  delete(@Param() { project, user }: UserPathDto, @Query() _query: NoQueryDto): Promise<User> {
    return this.users.delete(project, user);
  }

  @Post(':user/addresses')
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create a user address',
    tags,
    bodyExample: { city: 'New York City', country: 'US', line1: '129 West 81st Street', line2: 'Apartment 5A', postalCode: '10024', state: 'NY' },
    responses: [{ status: 201, description: 'Returns the new address.', schema: UserAddressSchema, example: USER_ADDRESS_EXAMPLE }],
    errors: [400, 404, 422],
  })
  addAddress(@Param() { project, user }: UserPathDto, @Query() _query: NoQueryDto, @Body() body: CreateUserAddressDto): Promise<UserAddress> {
    return this.users.addAddress(project, user, body);
  }

  @Get(':user/addresses')
  @ApiRoute({
    summary: "List a user's addresses",
    tags,
    query: paginationQuerySchema,
    responses: [{ status: 200, description: 'Returns a list of addresses, newest first.', schema: listSchema(UserAddressSchema), example: list(USER_ADDRESS_EXAMPLE) }],
    errors: [404, 422],
  })
  listAddresses(@Param() { project, user }: UserPathDto, @Query() query: ListAddressesQueryDto): Promise<ListPage<UserAddress>> {
    return this.users.listAddresses(project, user, parsePage(query, 'userAddress'));
  }

  @Get(':user/addresses/:address')
  @ApiRoute({ summary: 'Retrieve a user address', tags, responses: [{ status: 200, description: 'Returns the address.', schema: UserAddressSchema, example: USER_ADDRESS_EXAMPLE }], errors: [404, 422] })
  getAddress(@Param() { project, user, address }: UserAddressPathDto, @Query() _query: NoQueryDto): Promise<UserAddress> {
    return this.users.getAddress(project, user, address);
  }
}
