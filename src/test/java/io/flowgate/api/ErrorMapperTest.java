package io.flowgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.ConflictException;
import io.flowgate.core.FlowgateException;
import io.flowgate.core.ForbiddenException;
import io.flowgate.core.NotFoundException;
import io.flowgate.core.PayloadTooLargeException;
import io.flowgate.core.Problem;
import io.flowgate.core.UnauthorizedException;
import io.flowgate.core.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void maps_each_exception_kind_to_its_status() {
        assertThat(ErrorMapper.status(new NotFoundException("workflow", "x"))).isEqualTo(404);
        assertThat(ErrorMapper.status(new BadRequestException("bad", "Bad."))).isEqualTo(400);
        assertThat(ErrorMapper.status(new ValidationException(List.of(Problem.at("id", "Required"))))).isEqualTo(400);
        assertThat(ErrorMapper.status(new ConflictException("c", "C."))).isEqualTo(409);
        assertThat(ErrorMapper.status(new UnauthorizedException("U.", "Bearer"))).isEqualTo(401);
        assertThat(ErrorMapper.status(new ForbiddenException("F."))).isEqualTo(403);
        assertThat(ErrorMapper.status(new PayloadTooLargeException(10))).isEqualTo(413);
        assertThat(ErrorMapper.status(new FlowgateException("other", "O."))).isEqualTo(400);
    }

    @Test
    void the_body_has_code_msg_and_the_details() {
        ValidationException e = new ValidationException(List.of(Problem.at("steps[0].type", "Required")));
        ObjectNode body = ErrorMapper.body(e.code(), e.getMessage(), e.details());
        assertThat(body.get("code").asText()).isEqualTo("invalid_workflow");
        assertThat(body.get("msg").asText()).contains("steps[0].type");
        assertThat(body.get("problems").get(0).get("path").asText()).isEqualTo("steps[0].type");
        assertThat(body.get("problems").get(0).get("message").asText()).isEqualTo("Required");
    }

    @Test
    void details_cannot_overwrite_code_or_msg() {
        ObjectNode body = ErrorMapper.body("real", "Real.", Map.of("code", "fake", "extra", 1));
        assertThat(body.get("code").asText()).isEqualTo("real");
        assertThat(body.get("extra").asInt()).isEqualTo(1);
    }
}
