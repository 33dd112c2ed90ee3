import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { GatewayConfig } from '../config';
import { EmployeesModule } from '../employees/employees.module';
import { AccessTokens } from './access-tokens';
import { AuthHttpController } from './auth.http.controller';
import { EmployeeAuthentication } from './employee-authentication';
import { JWT_ALGORITHM, JwtStrategy, jwtSigningKey } from './jwt.strategy';
import { LoginMetrics } from './login-metrics';
import { LoginThrottle } from './login-throttle';
import { LoginService } from './login.service';

@Module({
  imports: [
    EmployeesModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) => ({
        secret: jwtSigningKey(config),
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  controllers: [AuthHttpController],
  providers: [EmployeeAuthentication, JwtStrategy, LoginService, LoginThrottle, LoginMetrics, AccessTokens],
  exports: [EmployeeAuthentication],
})
export class AuthModule {}
