package dev.pharos.edge.upstream;

import dev.pharos.model.StickySession;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StickySessionsTest {

  private static final StickyKey KEY = StickyKey.random();
  private static final Target A = Target.of("10.0.0.1", 80);
  private static final Target B = Target.of("10.0.0.2", 80);
  private static final Target C = Target.of("10.0.0.3", 80);
  private static final StickySession STICKY = StickySession.of("STICKY", 600);
  private static final Upstream WEB = Upstream.of("web", A, B, C).withStickySession(STICKY);

  @Test
  void issuesACookieThatAnotherNodeWithTheSameKeyHonours() {
    UpstreamBalancing issuer = new Balancers(KEY).compile(WEB);
    StickySessions otherNode = new Balancers(KEY).compile(WEB).sticky();
    Endpoint chosen = issuer.targets().next(TestRequest.NONE);

    String setCookie = issuer.sticky().setCookie(chosen);

    assertThat(setCookie).matches("STICKY=[A-Za-z0-9_-]{22}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax");
    assertThat(issuer.sticky().pinned(requestWith(setCookie))).isSameAs(chosen);
    assertThat(otherNode.pinned(requestWith(setCookie)).target()).isEqualTo(chosen.target());
  }

  @Test
  void ignoresForgedAndForeignCookies() {
    StickySessions sticky = new Balancers(KEY).compile(WEB).sticky();
    String valid = KEY.token("web", A.address());
    StickySessions otherKey = new Balancers(StickyKey.random()).compile(WEB).sticky();
    StickySessions otherUpstream = new Balancers(KEY).compile(Upstream.of("api", A, B, C).withStickySession(STICKY))
      .sticky();

    assertThat(sticky.pinned(TestRequest.withCookie("STICKY", valid)).target()).isEqualTo(A);
    assertThat(sticky.pinned(TestRequest.withCookie("STICKY", valid.substring(1) + "A"))).isNull();
    assertThat(sticky.pinned(TestRequest.withCookie("STICKY", A.address()))).isNull();
    assertThat(sticky.pinned(TestRequest.withCookie("OTHER", valid))).isNull();
    assertThat(sticky.pinned(TestRequest.NONE)).isNull();
    assertThat(otherKey.pinned(TestRequest.withCookie("STICKY", valid))).isNull();
    assertThat(otherUpstream.pinned(TestRequest.withCookie("STICKY", valid))).isNull();
  }

  @Test
  void ignoresACookieForATargetRemovedOrWeightedZero() {
    TestRequest pinnedToC = TestRequest.withCookie("STICKY", KEY.token("web", C.address()));
    Target drainedC = new Target(C.host(), C.port(), 0);

    StickySessions removed = new Balancers(KEY).compile(upstream(A, B)).sticky();
    StickySessions drained = new Balancers(KEY).compile(upstream(A, B, drainedC)).sticky();

    assertThat(new Balancers(KEY).compile(WEB).sticky().pinned(pinnedToC).target()).isEqualTo(C);
    assertThat(removed.pinned(pinnedToC)).isNull();
    assertThat(drained.pinned(pinnedToC)).isNull();
  }

  @Test
  void upstreamsWithoutStickySessionsHaveNone() {
    assertThat(new Balancers(KEY).compile(Upstream.of("plain", A)).sticky()).isNull();
  }

  private static Upstream upstream(Target... targets) {
    return new Upstream("web", List.of(targets), WEB.loadBalancing(), null, STICKY, null);
  }

  private static TestRequest requestWith(String setCookie) {
    return TestRequest.withCookie("STICKY", setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
  }
}
