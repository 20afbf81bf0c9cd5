/**
 * What the FHIR server serves: the resource types and operations registered with it. The routes
 * (routes.ts) and the CapabilityStatement (capability.ts) are both generated from this one list, so
 * adding a resource type or an operation here is all it takes for both to say so. Pure.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { OperationDef, ResourceDef } from './model';

export class FhirRegistry {
  private readonly resourceDefs = new Map<string, ResourceDef>();
  private readonly operationDefs: OperationDef[] = [];

  addResource<T extends Resource>(def: ResourceDef<T>): this {
    if (this.resourceDefs.has(def.type)) throw new Error(`FHIR resource type ${def.type} is registered twice`);
    this.resourceDefs.set(def.type, def as unknown as ResourceDef);
    return this;
  }

  addOperation(def: OperationDef): this {
    if (this.operationDefs.some((o) => o.name === def.name && o.resourceType === def.resourceType)) {
      throw new Error(`FHIR operation $${def.name} is registered twice${def.resourceType ? ` on ${def.resourceType}` : ''}`);
    }
    if (def.resourceType && !this.resourceDefs.has(def.resourceType)) throw new Error(`register ${def.resourceType} before its operation $${def.name}`);
    this.operationDefs.push(def);
    return this;
  }

  /** Registered resource types, in name order (as the CapabilityStatement lists them). */
  get resources(): ResourceDef[] {
    return [...this.resourceDefs.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  resource(type: string): ResourceDef | undefined {
    return this.resourceDefs.get(type);
  }

  get operations(): readonly OperationDef[] {
    return this.operationDefs;
  }

  operationsOf(type: string | undefined): OperationDef[] {
    return this.operationDefs.filter((o) => o.resourceType === type);
  }
}
