package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate against the CN with automatic dialect detection: schema creation, CRUD, JPQL paging and optimistic
 * locking give what they give against a plain MariaDB.
 */
class HibernateIT {
    private static TestingCluster cluster;

    /** The mapped entity. */
    @Entity(name = "Account")
    public static class Account {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        public Long id;
        public String owner;
        public BigDecimal balance;
        @Version
        public long version;
    }

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases("hibernate_app");
    }

    @Test
    void startsWithDetectedDialectAndBehavesAsOnMariaDb() {
        String cnUrl = "jdbc:mysql://127.0.0.1:" + cluster.port() + "/hibernate_app?sslMode=DISABLED"
            + "&allowPublicKeyRetrieval=true";
        List<String> cn;
        try (SessionFactory sf = factory(cnUrl, "root", "")) {
            String dialect = sf.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect().getClass()
                .getSimpleName();
            assertEquals("MySQLDialect", dialect, "the CN reports MySQL 8");
            cn = scenario(sf);
        }
        List<String> dn;
        try (SessionFactory sf = factory(cluster.dataNodes().jdbcUrl(1, "hibernate_app"), cluster.dataNodes().user(),
            cluster.dataNodes().password())) {
            dn = scenario(sf);
        }
        assertEquals(dn, cn);
        assertTrue(cn.contains("stale: optimistic lock"), cn.toString());
    }

    private static SessionFactory factory(String url, String user, String password) {
        return new Configuration()
            .setProperty("hibernate.connection.url", url)
            .setProperty("hibernate.connection.username", user)
            .setProperty("hibernate.connection.password", password)
            .setProperty("hibernate.hbm2ddl.auto", "create-drop")
            .setProperty("hibernate.connection.pool_size", "2")
            .addAnnotatedClass(Account.class)
            .buildSessionFactory();
    }

    /** Creates, pages, updates, conflicts and deletes; what the application would observe, as text. */
    private static List<String> scenario(SessionFactory sf) {
        List<String> seen = new ArrayList<>();
        sf.inTransaction(s -> {
            for (int i = 1; i <= 12; i++) {
                Account a = new Account();
                a.owner = "owner" + i;
                a.balance = new BigDecimal(i * 10 + ".50");
                s.persist(a);
            }
        });
        sf.inSession(s -> {
            List<Account> page = s.createSelectionQuery("from Account a order by a.id", Account.class)
                .setFirstResult(4).setMaxResults(3).getResultList();
            page.forEach(a -> seen.add("page " + a.id + " " + a.owner + " " + a.balance + " v" + a.version));
            seen.add("count " + s.createSelectionQuery("select count(a) from Account a where a.balance > 50",
                Long.class).getSingleResult());
        });
        sf.inTransaction(s -> s.find(Account.class, 3L).balance = new BigDecimal("999.00"));
        var first = sf.openSession();
        var second = sf.openSession();
        try (first; second) {
            Transaction t1 = first.beginTransaction();
            Account a1 = first.find(Account.class, 5L);
            Transaction t2 = second.beginTransaction();
            Account a2 = second.find(Account.class, 5L);
            a1.owner = "first";
            t1.commit();
            a2.owner = "second";
            try {
                t2.commit();
                seen.add("second commit succeeded");
            } catch (RuntimeException e) {
                seen.add("stale: optimistic lock");
            }
        }
        sf.inTransaction(s -> s.remove(s.find(Account.class, 12L)));
        sf.inSession(s -> s.createSelectionQuery("from Account a order by a.id", Account.class).getResultList()
            .forEach(a -> seen.add("row " + a.id + " " + a.owner + " " + a.balance + " v" + a.version)));
        return seen;
    }
}
