package local.infra.registry;

import java.util.List;

import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;

/**
 * Build glue, not registry logic.
 *
 * Apicurio's io.apicurio:apicurio-common-app-components-config-index is a Quarkus extension whose
 * deployment half (…-config-index-deployment) is not served from Maven Central here. That build
 * step only publishes the list of "@Dynamic" config properties (those an admin may change at
 * runtime through /apis/registry/v2/admin/config/properties) as a DynamicConfigPropertyList bean.
 * The pom excludes the extension, and this producer supplies that bean with an empty list: every
 * property keeps its static value (application.properties / -D / env); none is editable at runtime.
 */
@Singleton
public class DynamicConfigPropertyListProducer {

    @Produces
    @Singleton
    public DynamicConfigPropertyList dynamicConfigPropertyList() {
        return new DynamicConfigPropertyList(List.of());
    }
}
