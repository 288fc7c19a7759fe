package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamCheckTest {

    @Test
    void missing_required_parameters_are_listed_by_name() {
        List<Param> params = List.of(new Param("order.id", "body", "string", true),
                new Param("region", "path", "string", true), new Param("note", "body", "string", false));
        assertThatThrownBy(() -> ParamCheck.check(params, Json.read("{\"body\": {\"order\": {}}, \"pathParams\": {}}")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("missing_required_parameters");
                    assertThat(e.getMessage()).isEqualTo("Missing required parameter(s)");
                    assertThat(e.details().get("missing")).isEqualTo(List.of("order.id", "region"));
                });
    }

    @Test
    void a_body_param_named_dollar_is_the_whole_body() {
        List<Param> params = List.of(new Param("$", "body", "array", true));
        ParamCheck.check(params, Json.read("{\"body\": [1, 2]}"));
        assertThatThrownBy(() -> ParamCheck.check(params, Json.read("{\"body\": {\"a\": 1}}")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_parameters"));
        assertThatThrownBy(() -> ParamCheck.check(params, Json.read("{}")))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("missing_required_parameters"));
    }

    @Test
    void text_sources_accept_numbers_written_as_text_and_bodies_need_real_types() {
        List<Param> params = List.of(new Param("page", "query", "integer", false),
                new Param("qty", "body", "integer", false));
        ParamCheck.check(params, Json.read("{\"query\": {\"page\": \"2\"}, \"body\": {\"qty\": 2}}"));
        assertThatThrownBy(() -> ParamCheck.check(params, Json.read("{\"query\": {\"page\": \"2\"}, \"body\": {\"qty\": \"2\"}}")))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_parameters"));
    }

    @Test
    void a_captured_request_becomes_a_proposed_parameter_list_with_inferred_types() {
        var proposed = ParamCheck.propose(Json.read("""
                {"body": {"order": {"id": "A1", "qty": 2, "paid": true}, "price": 9.5},
                 "query": {"page": "3", "q": "shoes"}, "pathParams": {"region": "eu"}}"""));
        assertThat(proposed.toString()).contains("{\"name\":\"order.id\",\"in\":\"body\",\"type\":\"string\",\"required\":false}")
                .contains("{\"name\":\"order.qty\",\"in\":\"body\",\"type\":\"integer\",\"required\":false}")
                .contains("{\"name\":\"order.paid\",\"in\":\"body\",\"type\":\"boolean\",\"required\":false}")
                .contains("{\"name\":\"price\",\"in\":\"body\",\"type\":\"number\",\"required\":false}")
                .contains("{\"name\":\"page\",\"in\":\"query\",\"type\":\"integer\",\"required\":false}")
                .contains("{\"name\":\"region\",\"in\":\"path\",\"type\":\"string\",\"required\":false}");
    }
}
