"""MOSIP's tables, as far as the import reads them, with MOSIP's column names and types.

The facts come from MOSIP's published DDL (mosip/partner-management-services db_scripts/mosip_pms/ddl/
pms-partner_type.sql, pms-policy_group.sql, pms-auth_policy.sql, pms-partner.sql, pms-partner_policy_request.sql,
pms-partner_policy.sql, pms-oidc_client.sql, pms-secure_biometric_interface.sql, pms-device_detail.sql,
pms-device_detail_sbi.sql, pms-ftp_chip_detail.sql; mosip/commons db_scripts/mosip_keymgr/ddl/
keymgr-ca_cert_store.sql, keymgr-partner_cert_store.sql). Audit columns the import does not read are kept where
they are NOT NULL, so that rows are written the way MOSIP writes them.
"""

PMS_DDL = """
CREATE SCHEMA pms;
CREATE TABLE pms.partner_type (
    code varchar(36) NOT NULL PRIMARY KEY,
    partner_description varchar(128) NOT NULL,
    is_policy_required boolean NOT NULL,
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp
);
CREATE TABLE pms.policy_group (
    id varchar(36) NOT NULL PRIMARY KEY,
    name varchar(128) NOT NULL UNIQUE,
    descr varchar(256) NOT NULL,
    user_id varchar(256) NOT NULL,
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean NOT NULL DEFAULT FALSE, del_dtimes timestamp
);
CREATE TABLE pms.auth_policy (
    id varchar(36) NOT NULL PRIMARY KEY,
    policy_group_id varchar(36),
    name varchar(128) NOT NULL,
    descr varchar(256) NOT NULL,
    policy_file_id varchar(5120) NOT NULL,
    policy_type varchar(36) NOT NULL,
    version varchar(8) NOT NULL,
    policy_schema varchar(5120),
    valid_from_date timestamp NOT NULL,
    valid_to_date timestamp NOT NULL,
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp,
    UNIQUE (policy_group_id, name)
);
CREATE TABLE pms.partner (
    id varchar(36) NOT NULL PRIMARY KEY,
    policy_group_id varchar(36),
    name varchar(128) NOT NULL,
    address varchar(2000),
    contact_no varchar(16),
    email_id varchar(254),
    certificate_alias varchar(128),
    user_id varchar(256) NOT NULL,
    partner_type_code varchar(36) NOT NULL,
    approval_status varchar(36) NOT NULL,
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp,
    lang_code varchar(36),
    logo_url varchar(256),
    addl_info varchar
);
CREATE TABLE pms.partner_policy_request (
    id varchar(36) NOT NULL PRIMARY KEY,
    part_id varchar(36) NOT NULL,
    policy_id varchar(36) NOT NULL,
    request_datetimes timestamp NOT NULL,
    request_detail varchar(4000) NOT NULL,
    status_code varchar(36) NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean, del_dtimes timestamp
);
CREATE TABLE pms.partner_policy (
    policy_api_key varchar(128) NOT NULL PRIMARY KEY,
    part_id varchar(36) NOT NULL,
    policy_id varchar(36) NOT NULL,
    valid_from_datetime timestamp NOT NULL,
    valid_to_datetime timestamp,
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp,
    label varchar(36) NOT NULL,
    UNIQUE (part_id, policy_id, valid_from_datetime)
);
CREATE TABLE pms.oidc_client (
    id varchar(100) NOT NULL PRIMARY KEY,
    name varchar(256) NOT NULL,
    rp_id varchar(100) NOT NULL,
    policy_id varchar(50) NOT NULL,
    logo_uri varchar(2048) NOT NULL,
    redirect_uris varchar NOT NULL,
    claims varchar NOT NULL,
    acr_values varchar NOT NULL,
    public_key varchar NOT NULL UNIQUE,
    grant_types varchar(256) NOT NULL,
    auth_methods varchar(256) NOT NULL,
    status varchar(20) NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp
);
CREATE TABLE pms.secure_biometric_interface (
    id varchar(36) NOT NULL PRIMARY KEY,
    sw_binary_hash bytea NOT NULL,
    sw_version varchar(64) NOT NULL,
    sw_cr_dtimes timestamp,
    sw_expiry_dtimes timestamp,
    approval_status varchar(36) NOT NULL,
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp,
    provider_id varchar(36),
    partner_org_name varchar(128)
);
CREATE TABLE pms.device_detail (
    id varchar(36) NOT NULL PRIMARY KEY,
    dprovider_id varchar(36) NOT NULL,
    dtype_code varchar(36) NOT NULL,
    dstype_code varchar(36) NOT NULL,
    make varchar(36) NOT NULL,
    model varchar(36) NOT NULL,
    partner_org_name varchar(128),
    approval_status varchar(36) NOT NULL,
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp
);
CREATE TABLE pms.device_detail_sbi (
    dprovider_id varchar(36) NOT NULL,
    partner_org_name varchar(128),
    device_detail_id varchar(36) NOT NULL REFERENCES pms.device_detail (id),
    sbi_id varchar(36) NOT NULL REFERENCES pms.secure_biometric_interface (id),
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp
);
CREATE TABLE pms.ftp_chip_detail (
    id varchar(36) NOT NULL PRIMARY KEY,
    foundational_trust_provider_id varchar(36) NOT NULL,
    make varchar(36),
    model varchar(36),
    certificate_alias varchar(36),
    partner_org_name varchar(128),
    is_active boolean NOT NULL,
    cr_by varchar(256) NOT NULL, cr_dtimes timestamp NOT NULL, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp,
    approval_status varchar(36) NOT NULL
);
"""

KEYMGR_DDL = """
CREATE SCHEMA keymgr;
CREATE TABLE keymgr.ca_cert_store (
    cert_id varchar(36) NOT NULL PRIMARY KEY,
    cert_subject varchar(500) NOT NULL,
    cert_issuer varchar(500) NOT NULL,
    issuer_id varchar(36) NOT NULL,
    cert_not_before timestamp,
    cert_not_after timestamp,
    crl_uri varchar(120),
    cert_data varchar,
    cert_thumbprint varchar(100),
    cert_serial_no varchar(50),
    partner_domain varchar(36),
    cr_by varchar(256), cr_dtimes timestamp, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean DEFAULT FALSE, del_dtimes timestamp,
    UNIQUE (cert_thumbprint, partner_domain)
);
CREATE TABLE keymgr.partner_cert_store (
    cert_id varchar(36) NOT NULL PRIMARY KEY,
    cert_subject varchar(500) NOT NULL,
    cert_issuer varchar(500) NOT NULL,
    issuer_id varchar(36) NOT NULL,
    cert_not_before timestamp,
    cert_not_after timestamp,
    partner_domain varchar(36),
    cert_data varchar,
    signed_cert_data varchar,
    key_usage varchar(150),
    organization_name varchar(120),
    cert_thumbprint varchar(100),
    cert_serial_no varchar(50),
    cr_by varchar(256), cr_dtimes timestamp, upd_by varchar(256), upd_dtimes timestamp,
    is_deleted boolean, del_dtimes timestamp
);
"""

PMS_TABLES = ["device_detail_sbi", "device_detail", "secure_biometric_interface", "ftp_chip_detail", "oidc_client",
              "partner_policy", "partner_policy_request", "partner", "auth_policy", "policy_group", "partner_type"]
KEYMGR_TABLES = ["partner_cert_store", "ca_cert_store"]
