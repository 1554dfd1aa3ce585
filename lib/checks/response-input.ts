/** What a response check judges: one answered exchange and the compiled contract of its operation. */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { ResponseContract } from '../validate/response-contract.ts';

export interface ResponseInput {
  readonly exchange: AnsweredExchange;
  readonly contract: ResponseContract;
}
