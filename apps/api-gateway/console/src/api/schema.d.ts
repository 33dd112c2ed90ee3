// Generated from the gateway's OpenAPI document by build.ts; do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in
         * @description Exchanges email and password for a bearer token. Repeated failures for one email (default 5) or from one IP (default 20) within 15 minutes lock further attempts out with 429 until the window ends.
         */
        post: operations["Auth_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The employee behind the token */
        get: operations["Auth_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List employees, deactivated ones included, oldest first */
        get: operations["Employees_list"];
        put?: never;
        /** Create an employee (admin only) */
        post: operations["Employees_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an employee’s name, role or active flag (admin only)
         * @description Deactivating (`active: false`) stops the employee’s tokens at once. The last active admin cannot be demoted or deactivated.
         */
        patch: operations["Employees_update"];
        trace?: never;
    };
    "/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tickets
         * @description Filtered, sorted, and paged by an opaque keyset cursor that stays stable while tickets change.
         */
        get: operations["Tickets_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ticket */
        get: operations["Tickets_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tickets/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the status
         * @description The client is told in Telegram. Taking a ticket (`in_progress`) assigns it to the caller if it had no assignee. The status it already has is a no-op. A closed ticket is final (409 TICKET_CLOSED).
         */
        patch: operations["Tickets_changeStatus"];
        trace?: never;
    };
    "/tickets/{id}/assignee": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Assign to an active employee, or unassign with null */
        patch: operations["Tickets_assign"];
        trace?: never;
    };
    "/tickets/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The conversation, oldest first (`order=desc`: newest first), paged like the list */
        get: operations["Tickets_messages"];
        put?: never;
        /**
         * Reply to the client
         * @description Stored, then delivered to the client’s chat as plain text; `deliveryStatus` follows the delivery.
         */
        post: operations["Tickets_reply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live events (Server-Sent Events)
         * @description A stream of `event: <name>`, `id: <n>`, `data: <JSON>`, with a `: ping` comment at least every 20 s. Events: `ticket.created`, `ticket.updated`, `message.created`, `message.delivery_updated`. `ticket.updated` carries the ticket view after the change, `message.created` the message view, `message.delivery_updated` `{ticketId, messageId, deliveryStatus, deliveryError}`, `ticket.created` `{ticketId, clientId}`. Before the gateway ends a stream it sends `stream.closed` with `{reason}` (too_slow, token_expired, employee_deactivated, feed_interrupted, shutting_down). Events are a signal; the REST API is the truth: after reconnecting, re-read what you show.
         */
        get: operations["Events_open"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description A stable code to branch on (the message is for humans and may change)
         * @enum {string}
         */
        ErrorCode: "VALIDATION_FAILED" | "MALFORMED_MESSAGE" | "UNAUTHORIZED" | "INVALID_CREDENTIALS" | "FORBIDDEN" | "NOT_FOUND" | "TICKET_NOT_FOUND" | "EMPLOYEE_NOT_FOUND" | "TICKET_CLOSED" | "INVALID_TRANSITION" | "EMAIL_TAKEN" | "LAST_ADMIN" | "INVALID_CURSOR" | "TOO_MANY_REQUESTS" | "SERVICE_UNAVAILABLE" | "UPSTREAM_TIMEOUT" | "INTERNAL";
        ErrorResponse: {
            /**
             * @description The HTTP status, repeated in the body
             * @example 409
             */
            statusCode: number;
            /**
             * @description A stable code to branch on (the message is for humans and may change)
             * @example TICKET_CLOSED
             */
            code: components["schemas"]["ErrorCode"];
            /**
             * @description What went wrong, in words
             * @example Ticket #42 is closed
             */
            message: string;
        };
        LoginRequest: {
            /**
             * @description Case does not matter
             * @example admin@example.com
             */
            email: string;
            /** @example change-me-please */
            password: string;
        };
        AccessTokenResponse: {
            /**
             * @description Send as `Authorization: Bearer <accessToken>`
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl
             */
            accessToken: string;
            /**
             * @example Bearer
             * @enum {string}
             */
            tokenType: "Bearer";
            /**
             * @description Seconds until the token expires
             * @example 28800
             */
            expiresIn: number;
        };
        /** @enum {string} */
        EmployeeRole: "admin" | "agent";
        EmployeeResponse: {
            /** @example 7 */
            id: number;
            /** @example anna@example.com */
            email: string;
            /** @example Anna Petrova */
            name: string;
            /** @example agent */
            role: components["schemas"]["EmployeeRole"];
            /**
             * @description false: deactivated
             * @example true
             */
            active: boolean;
            /**
             * Format: date-time
             * @example 2024-11-26T09:15:00.000Z
             */
            createdAt: string;
        };
        CreateEmployeeRequest: {
            /**
             * @description Login; unique regardless of case
             * @example anna@example.com
             */
            email: string;
            /**
             * @description Stored only as an argon2id hash
             * @example correct horse battery
             */
            password: string;
            /**
             * @description Shown to colleagues
             * @example Anna Petrova
             */
            name: string;
            /**
             * @description admin: also manages employees; agent: works tickets
             * @example agent
             */
            role: components["schemas"]["EmployeeRole"];
        };
        UpdateEmployeeRequest: {
            /** @example Anna Petrova-Smirnova */
            name?: string;
            /** @example admin */
            role?: components["schemas"]["EmployeeRole"];
            /**
             * @description false deactivates: no login, and tokens already issued stop working
             * @example false
             */
            active?: boolean;
        };
        /** @enum {string} */
        TicketStatus: "open" | "in_progress" | "closed";
        ClientResponse: {
            /** @example 3 */
            id: number;
            /**
             * @description Telegram user id (may exceed 2^31)
             * @example 5123456789
             */
            telegramId: number;
            /** @example ivan_p */
            username: string | null;
            /** @example Ivan */
            firstName: string | null;
            /** @example Petrov */
            lastName: string | null;
            /**
             * @description Telegram language; English clients are answered in English
             * @example ru
             */
            languageCode: string | null;
        };
        TicketResponse: {
            /**
             * @description Shown to the client as #id
             * @example 42
             */
            id: number;
            /** @example in_progress */
            status: components["schemas"]["TicketStatus"];
            client: components["schemas"]["ClientResponse"];
            /**
             * @description Employee id; null when unassigned
             * @example 7
             */
            assigneeId: number | null;
            /**
             * Format: date-time
             * @example 2024-11-26T09:15:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Moves on every status change, assignment and message
             * @example 2024-11-26T09:20:00.000Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @example null
             */
            closedAt: string | null;
            /**
             * Format: date-time
             * @example 2024-11-26T09:20:00.000Z
             */
            lastMessageAt: string | null;
            /**
             * @description The start of the last message
             * @example My order has not arrived
             */
            lastMessagePreview: string | null;
        };
        TicketPage: {
            items: components["schemas"]["TicketResponse"][];
            /**
             * @description Pass as `cursor` for the next page; null on the last page
             * @example eyJ2IjoiMjAyNC0xMS0yNlQwOToyMDowMC4wMDBaIiwiaWQiOjQyfQ
             */
            nextCursor?: string | null;
        };
        ChangeStatusRequest: {
            /**
             * @description open→in_progress, open→closed, in_progress→open, in_progress→closed; the same status is a no-op
             * @example in_progress
             */
            status: components["schemas"]["TicketStatus"];
        };
        AssignTicketRequest: {
            /**
             * @description An active employee’s id, or null to unassign
             * @example 7
             */
            assigneeId: number | null;
        };
        /**
         * @description inbound: from the client; outbound: an employee’s reply
         * @enum {string}
         */
        MessageDirection: "inbound" | "outbound";
        /**
         * @description What the client sent; replies are text
         * @enum {string}
         */
        MessageKind: "text" | "photo" | "document" | "voice" | "video" | "video_note" | "audio" | "animation" | "sticker" | "location" | "contact" | "other";
        /**
         * @description Outbound only; null for inbound
         * @enum {string}
         */
        DeliveryStatus: "pending" | "delivered" | "failed";
        MessageResponse: {
            /** @example 314 */
            id: number;
            /** @example 42 */
            ticketId: number;
            /**
             * @description inbound: from the client; outbound: an employee’s reply
             * @example outbound
             */
            direction: components["schemas"]["MessageDirection"];
            /**
             * @description Who replied; null for inbound messages
             * @example 7
             */
            employeeId: number | null;
            /**
             * @description What the client sent; replies are text
             * @example text
             */
            kind: components["schemas"]["MessageKind"];
            /**
             * @description The text, or the caption of a photo or document
             * @example We have sent it again today.
             */
            text: string | null;
            /**
             * @description Telegram file id of a non-text message
             * @example null
             */
            fileId: string | null;
            /**
             * Format: date-time
             * @example 2024-11-26T09:20:00.000Z
             */
            createdAt: string;
            /**
             * @description Outbound only; null for inbound
             * @example pending
             */
            deliveryStatus: components["schemas"]["DeliveryStatus"] | null;
            /**
             * @description Why delivery failed, e.g. the client blocked the bot
             * @example null
             */
            deliveryError: string | null;
        };
        MessagePage: {
            /** @description Oldest first */
            items: components["schemas"]["MessageResponse"][];
            /**
             * @description Pass as `cursor` for the next page; null on the last page
             * @example null
             */
            nextCursor: string | null;
        };
        ReplyRequest: {
            /**
             * @description Sent to the client as plain text
             * @example We have sent it again today.
             */
            text: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description Postgres and RabbitMQ are reachable
             *
             *     The Health Check is successful
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @example ok */
                        status?: string;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            /**
             * @description A dependency is down; the body says which
             *
             *     The Health Check is not successful
             */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @example error */
                        status?: string;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
    };
    Auth_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description The token to send as `Authorization: Bearer <token>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessTokenResponse"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many attempts; the Retry-After header says when to try again: TOO_MANY_REQUESTS */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Auth_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmployeeResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Employees_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmployeeResponse"][];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Employees_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEmployeeRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmployeeResponse"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The employee lacks the role this needs: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state: EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Employees_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Employee id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateEmployeeRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmployeeResponse"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The employee lacks the role this needs: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found: EMPLOYEE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state: LAST_ADMIN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Tickets_list: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description Opaque; the `nextCursor` of the previous page */
                cursor?: string;
                /** @description An employee id, `me` (the caller) or `none` (unassigned) */
                assigneeId?: string;
                /** @description What the list is sorted by */
                sort?: "createdAt" | "updatedAt";
                /** @description Sort direction */
                order?: "asc" | "desc";
                /** @description Only tickets in these statuses, comma-separated (`open,in_progress`) */
                status?: ("open" | "in_progress" | "closed")[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketPage"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service or RabbitMQ is unreachable: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service did not answer in time: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Tickets_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Ticket id (#id) */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketResponse"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found: TICKET_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service or RabbitMQ is unreachable: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service did not answer in time: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Tickets_changeStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Ticket id (#id) */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeStatusRequest"];
            };
        };
        responses: {
            /** @description The ticket after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketResponse"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found: TICKET_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state: TICKET_CLOSED, INVALID_TRANSITION */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service or RabbitMQ is unreachable: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service did not answer in time: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Tickets_assign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Ticket id (#id) */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignTicketRequest"];
            };
        };
        responses: {
            /** @description The ticket after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TicketResponse"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found: TICKET_NOT_FOUND, EMPLOYEE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state: TICKET_CLOSED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service or RabbitMQ is unreachable: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service did not answer in time: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Tickets_messages: {
        parameters: {
            query?: {
                /** @description Items per page */
                limit?: number;
                /** @description Opaque; the `nextCursor` of the previous page */
                cursor?: string;
                /** @description asc: oldest first; desc: newest first */
                order?: "asc" | "desc";
            };
            header?: never;
            path: {
                /** @description Ticket id (#id) */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found: TICKET_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service or RabbitMQ is unreachable: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service did not answer in time: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Tickets_reply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Ticket id (#id) */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplyRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageResponse"];
                };
            };
            /** @description Invalid input: the message names every problem: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not found: TICKET_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflicts with the current state: TICKET_CLOSED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service or RabbitMQ is unreachable: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ticket-service did not answer in time: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    Events_open: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream; it stays open until the token expires, the employee is deactivated, or either side closes it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired bearer token, or the employee was deactivated: UNAUTHORIZED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (logged; no details are revealed): INTERNAL */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
