//! What some official images need to start hardened: the paths they write outside their data
//! volumes (which `read_only: true` must leave writable with a `tmpfs`) and the capabilities
//! their entrypoints use (which `cap_drop: [ALL]` must give back with `cap_add`).
//!
//! The fixes of SS101 and SS301 read this table, so that a hardened service still starts. Each
//! entry cites where its needs come from: the image's entrypoint script in docker-library, or
//! the image's documentation. Data directories declared as `VOLUME` in the image (postgres'
//! `/var/lib/postgresql/data`, redis' `/data`) stay writable under `read_only: true`: Docker
//! mounts a volume there, so they are not listed.

/// The needs of one image, by its Docker Hub repository name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageNeeds {
    /// The repository, as in `docker.io/library/<name>`.
    pub image: &'static str,
    /// Paths written at run time outside the image's volumes: a `tmpfs` each.
    pub writable: &'static [&'static str],
    /// Capabilities the entrypoint uses when it starts as root (the `chown` of its directories,
    /// then `gosu`/`su-exec` to the service user; a master process binding a port below 1024).
    pub capabilities: &'static [&'static str],
    /// Where this comes from.
    pub source: &'static str,
}

/// Sorted by image name.
pub const IMAGES: &[ImageNeeds] = &[
    ImageNeeds {
        image: "mariadb",
        writable: &["/run/mysqld", "/tmp"],
        capabilities: &["CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"],
        source: "https://github.com/MariaDB/mariadb-docker (each version's `docker-entrypoint.sh`, `docker_create_db_directories`: `chown` of the data and socket directories, then `gosu mysql`)",
    },
    ImageNeeds {
        image: "mongo",
        writable: &["/tmp"],
        capabilities: &["CHOWN", "SETGID", "SETUID"],
        source: "https://github.com/docker-library/mongo (each version's `docker-entrypoint.sh`: `find /data/configdb /data/db \\! -user mongodb -exec chown mongodb`, then `gosu mongodb`)",
    },
    ImageNeeds {
        image: "mysql",
        writable: &["/var/run/mysqld", "/tmp"],
        capabilities: &["CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"],
        source: "https://github.com/docker-library/mysql/blob/master/template/docker-entrypoint.sh (`docker_create_db_directories`: `chown` of the data and socket directories, then `gosu mysql`)",
    },
    ImageNeeds {
        image: "nginx",
        writable: &["/var/cache/nginx", "/var/run", "/tmp"],
        capabilities: &["CHOWN", "NET_BIND_SERVICE", "SETGID", "SETUID"],
        source: "https://hub.docker.com/_/nginx (\"Running nginx in read-only mode\": write access to /var/cache/nginx and /var/run); the master process binds port 80 and starts its workers as `user nginx`",
    },
    ImageNeeds {
        image: "postgres",
        writable: &["/var/run/postgresql", "/tmp"],
        capabilities: &["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"],
        source: "https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh (`docker_create_db_directories`: `mkdir`/`chmod` of /var/run/postgresql, `find ... -exec chown postgres`, then `gosu postgres`)",
    },
    ImageNeeds {
        image: "redis",
        writable: &[],
        capabilities: &["CHOWN", "SETGID", "SETUID"],
        source: "https://github.com/docker-library/redis (each version's `docker-entrypoint.sh`: `find . \\! -user redis -exec chown redis`, then `gosu redis`)",
    },
];

/// The needs of the image a reference names: `postgres`, `postgres:16-alpine`,
/// `library/postgres@sha256:...`, `docker.io/library/postgres:16`. Other registries' and other
/// namespaces' images (`bitnami/postgresql`, `ghcr.io/x/postgres`) are different images: `None`.
pub fn needs(reference: &str) -> Option<&'static ImageNeeds> {
    let reference = reference.trim();
    let name = reference
        .split_once('@')
        .map_or(reference, |(name, _)| name);
    // A tag follows the last `:` after the last `/` (a registry may have a port).
    let name = match name.rfind(':') {
        Some(colon) if !name[colon..].contains('/') => &name[..colon],
        _ => name,
    };
    let name = name
        .strip_prefix("docker.io/")
        .or_else(|| name.strip_prefix("index.docker.io/"))
        .unwrap_or(name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    IMAGES.iter().find(|needs| needs.image == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_names_in_every_spelling_and_nothing_else() {
        for reference in [
            "postgres",
            "postgres:16",
            "postgres:16-alpine",
            "library/postgres",
            "docker.io/library/postgres:16@sha256:abc",
            "index.docker.io/library/postgres",
        ] {
            assert_eq!(
                needs(reference).map(|n| n.image),
                Some("postgres"),
                "{reference}"
            );
        }
        for reference in [
            "bitnami/postgresql",
            "ghcr.io/acme/postgres:16",
            "localhost:5000/postgres",
            "postgres-exporter",
            "${DB_IMAGE}",
            "",
        ] {
            assert_eq!(needs(reference), None, "{reference}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_every_entry_cites_a_source() {
        assert!(IMAGES.windows(2).all(|pair| pair[0].image < pair[1].image));
        for entry in IMAGES {
            assert!(entry.source.starts_with("https://"), "{}", entry.image);
            assert!(
                entry.capabilities.windows(2).all(|p| p[0] < p[1]),
                "{}",
                entry.image
            );
        }
    }
}
