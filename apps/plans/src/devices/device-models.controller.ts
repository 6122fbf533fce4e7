import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { paginationQuerySchema, parsePage, type DeviceModel, type ListPage } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import { idOf, pathParams, ProjectIdSchema, projectParam } from '../common/params.js';
import { NoQuerySchema, parseQueryString } from '../common/query.js';
import { CreateDeviceModelSchema } from './create-device-model.dto.js';
import { DeviceModelsService } from './device-models.service.js';

export const ListDeviceModelsQuerySchema = z.strictObject({ ...paginationQuerySchema.shape });

/** The device catalogue as partners read it (the same for every project). */
@Controller('projects/:project/deviceModels')
export class DeviceModelsController {
  constructor(private readonly devices: DeviceModelsService) {}

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<DeviceModel>> {
    projectParam(project);
    return this.devices.list(parsePage(parseQueryString(ListDeviceModelsQuerySchema, query), 'deviceModel'));
  }

  @Get(':deviceModel')
  get(@Param('project') project: string, @Param('deviceModel') id: string, @Query() query: unknown): Promise<DeviceModel> {
    pathParams({ project: ProjectIdSchema, deviceModel: idOf('deviceModel') }, { project, deviceModel: id });
    parseQueryString(NoQuerySchema, query);
    return this.devices.get(id);
  }
}

/** Ops adds and lists models here (`npm run ops -- devices add|list`). */
@Controller('internal/deviceModels')
export class DeviceModelsInternalController {
  constructor(private readonly devices: DeviceModelsService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): Promise<DeviceModel> {
    return this.devices.create(parseBody(CreateDeviceModelSchema, body));
  }

  @Get()
  list(@Query() query: unknown): Promise<ListPage<DeviceModel>> {
    return this.devices.list(parsePage(parseQueryString(ListDeviceModelsQuerySchema, query), 'deviceModel'));
  }
}
