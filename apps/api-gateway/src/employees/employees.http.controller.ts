import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';
import { CurrentEmployee } from '../auth/authenticated-request';
import { Authenticated } from '../auth/authenticated.decorator';
import { RequireRole } from '../auth/roles.guard';
import { ApiErrorResponses } from '../http/api-error-responses';
import { NoQueryParameters } from '../http/no-query';
import { ApiIdParam, PositiveIntPipe } from '../http/positive-int.pipe';
import { IDEMPOTENCY_ERRORS, Idempotent } from '../idempotency/idempotent.decorator';
import { ColleagueResponse, toColleagueResponse } from './dto/colleague.response.dto';
import { CreateEmployeeRequest } from './dto/create-employee.request.dto';
import { EmployeeResponse, toEmployeeResponse } from './dto/employee.response.dto';
import { ResetPasswordRequest } from './dto/reset-password.request.dto';
import { UpdateEmployeeRequest } from './dto/update-employee.request.dto';
import { EmployeeDirectory } from './employee-directory';
import { Employee } from './employee.entity';

@ApiTags('employees')
@ApiErrorResponses(ErrorCode.Internal)
@Authenticated()
@Controller('employees')
export class EmployeesHttpController {
  constructor(private readonly directory: EmployeeDirectory) {}

  @Post()
  @Idempotent()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create an employee (admin only)' })
  @ApiCreatedResponse({ type: EmployeeResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.EmailTaken, ...IDEMPOTENCY_ERRORS)
  async create(@Body() request: CreateEmployeeRequest): Promise<EmployeeResponse> {
    return toEmployeeResponse(await this.directory.create(request));
  }

  @Get()
  @ApiOperation({
    summary: 'List employees, deactivated ones included, oldest first',
    description: 'Admins see every field; agents see each colleague’s id, name, role and active flag, not their email.',
  })
  @ApiExtraModels(EmployeeResponse, ColleagueResponse)
  @ApiOkResponse({
    schema: {
      type: 'array',
      items: { oneOf: [{ $ref: getSchemaPath(EmployeeResponse) }, { $ref: getSchemaPath(ColleagueResponse) }] },
    },
  })
  @ApiErrorResponses(ErrorCode.ValidationFailed)
  async list(
    @Query() _query: NoQueryParameters,
    @CurrentEmployee() caller: Employee,
  ): Promise<(EmployeeResponse | ColleagueResponse)[]> {
    const employees = await this.directory.list();
    return employees.map(caller.role === 'admin' ? toEmployeeResponse : toColleagueResponse);
  }

  @Post(':id/password')
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Set an employee’s password (admin only)',
    description: 'For an employee who forgot theirs, or whose password leaked: every token they hold stops working.',
  })
  @ApiIdParam('Employee id')
  @ApiOkResponse({ type: EmployeeResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.EmployeeNotFound)
  async resetPassword(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: ResetPasswordRequest,
  ): Promise<EmployeeResponse> {
    return toEmployeeResponse(await this.directory.setPassword(id, request.password));
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Change an employee’s name, role or active flag (admin only)',
    description:
      'Deactivating (`active: false`) stops the employee’s tokens at once, for good: reactivating does not revive them. The last active admin cannot be demoted or deactivated.',
  })
  @ApiIdParam('Employee id')
  @ApiOkResponse({ type: EmployeeResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.EmployeeNotFound, ErrorCode.LastAdmin)
  async update(
    @Param('id', PositiveIntPipe) id: number,
    @Body() changes: UpdateEmployeeRequest,
  ): Promise<EmployeeResponse> {
    return toEmployeeResponse(await this.directory.update(id, changes));
  }
}
