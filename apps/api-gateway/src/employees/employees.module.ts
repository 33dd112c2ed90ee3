import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmployeeCache } from './employee-cache';
import { EmployeeDirectory } from './employee-directory';
import { Employee } from './employee.entity';
import { EmployeesHttpController } from './employees.http.controller';
import { FirstAdmin } from './first-admin';
import { PasswordHasher } from './password-hasher';

@Module({
  imports: [TypeOrmModule.forFeature([Employee])],
  controllers: [EmployeesHttpController],
  providers: [
    EmployeeDirectory,
    PasswordHasher,
    FirstAdmin,
    { provide: EmployeeCache, useFactory: () => new EmployeeCache() },
  ],
  exports: [EmployeeDirectory, PasswordHasher, EmployeeCache],
})
export class EmployeesModule {}
