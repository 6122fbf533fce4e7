import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { DeviceModelSchema, listSchema, paginationQuerySchema, parsePage, type DeviceModel, type ListPage } from '@simline/contracts';
import { ApiRoute, createPathDto, createZodDto, idOf, NoQueryDto, ProjectPathDto } from '@simline/platform';
import { CreateDeviceModelDto } from './create-device-model.dto.js';
import { DeviceModelsService } from './device-models.service.js';
import { DEVICE_MODEL_SEEDS, SEED_CREATED_AT } from './device-models.seed.js';

class ListDeviceModelsQueryDto extends createZodDto(z.strictObject({ ...paginationQuerySchema.shape })) {}
class DeviceModelPathDto extends createPathDto({ deviceModel: idOf('deviceModel').describe('The unique identifier for the device model (`dmd_…`).') }) {}

const tags = ['Device models'];
export const DEVICE_MODEL_EXAMPLE: DeviceModel = { object: 'deviceModel', createdAt: SEED_CREATED_AT.toISOString(), ...DEVICE_MODEL_SEEDS[0]! };

/** The device catalogue as partners read it (the same for every project). */
@Controller('projects/:project/deviceModels')
export class DeviceModelsController {
  constructor(private readonly devices: DeviceModelsService) {}

  @Get()
  @ApiRoute({
    summary: 'List all device models',
    description: 'The device catalogue used by `POST /plans/search` (`compatibleWith`), newest first. The same for every project.',
    tags,
    responses: [
      {
        status: 200,
        description: 'Returns a list of device models.',
        schema: listSchema(DeviceModelSchema),
        example: { object: 'list', items: [DEVICE_MODEL_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null },
      },
    ],
    errors: [401, 422],
  })
  list(@Param() _path: ProjectPathDto, @Query() query: ListDeviceModelsQueryDto): Promise<ListPage<DeviceModel>> {
    return this.devices.list(parsePage(query, 'deviceModel'));
  }

  @Get(':deviceModel')
  @ApiRoute({
    summary: 'Retrieve a device model',
    description: 'A device model: the network providers and SIM types it supports, and the TACs (first 8 IMEI digits) that identify it.',
    tags,
    responses: [{ status: 200, description: 'Returns the device model if it exists.', schema: DeviceModelSchema, example: DEVICE_MODEL_EXAMPLE }],
    errors: [401, 404, 422],
  })
  get(@Param() { deviceModel }: DeviceModelPathDto, @Query() _query: NoQueryDto): Promise<DeviceModel> {
    return this.devices.get(deviceModel);
  }
}

/** Ops adds and lists models here (`npm run ops -- devices add|list`). */
@Controller('internal/deviceModels')
export class DeviceModelsInternalController {
  constructor(private readonly devices: DeviceModelsService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: CreateDeviceModelDto): Promise<DeviceModel> {
    return this.devices.create(body);
  }

  @Get()
  list(@Query() query: ListDeviceModelsQueryDto): Promise<ListPage<DeviceModel>> {
    return this.devices.list(parsePage(query, 'deviceModel'));
  }
}
