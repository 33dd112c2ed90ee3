import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { RequireRole } from '../auth/roles.guard';
import { ApiErrorResponses } from '../http/api-error-responses';
import { NoQueryParameters } from '../http/no-query';
import { MAX_ID, PositiveIntPipe } from '../http/positive-int.pipe';
import { CreateEmployeeRequest } from './dto/create-employee.request.dto';
import { EmployeeResponse, toEmployeeResponse } from './dto/employee.response.dto';
import { UpdateEmployeeRequest } from './dto/update-employee.request.dto';
import { EmployeeDirectory } from './employee-directory';

@ApiTags('employees')
@ApiErrorResponses(ErrorCode.Internal)
@Authenticated()
@Controller('employees')
export class EmployeesHttpController {
  constructor(private readonly directory: EmployeeDirectory) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create an employee (admin only)' })
  @ApiCreatedResponse({ type: EmployeeResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.EmailTaken)
  async create(@Body() request: CreateEmployeeRequest): Promise<EmployeeResponse> {
    return toEmployeeResponse(await this.directory.create(request));
  }

  @Get()
  @ApiOperation({ summary: 'List employees, deactivated ones included, oldest first' })
  @ApiOkResponse({ type: [EmployeeResponse] })
  @ApiErrorResponses(ErrorCode.ValidationFailed)
  async list(@Query() _query: NoQueryParameters): Promise<EmployeeResponse[]> {
    return (await this.directory.list()).map(toEmployeeResponse);
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Change an employee’s name, role or active flag (admin only)',
    description: 'Deactivating (`active: false`) stops the employee’s tokens at once. The last active admin cannot be demoted or deactivated.',
  })
  @ApiParam({ name: 'id', description: 'Employee id', schema: { type: 'integer', minimum: 1, maximum: MAX_ID } })
  @ApiOkResponse({ type: EmployeeResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.EmployeeNotFound, ErrorCode.LastAdmin)
  async update(
    @Param('id', PositiveIntPipe) id: number,
    @Body() changes: UpdateEmployeeRequest,
  ): Promise<EmployeeResponse> {
    return toEmployeeResponse(await this.directory.update(id, changes));
  }
}
