"""Policy documents as MOSIP deployments write them (shortened), from MOSIP's public repositories:
partner-management-services (db_scripts/mosip_pms/dml/pms-auth_policy.csv), the MOSIP documentation
(eSignet relying-party policy, resident OIDC client, ID authentication error eventing) and its older
partner-management API documentation (KYC attributes with `required`)."""

# eSignet relying party: kycauth, kycexchange, wla; KYC attributes without "required".
ESIGNET_AUTH = {
    "authTokenType": "policy",
    "allowedKycAttributes": [{"attributeName": "fullName"}, {"attributeName": "gender"},
                             {"attributeName": "phone"}, {"attributeName": "email"},
                             {"attributeName": "face"}],
    "allowedAuthTypes": [
        {"authSubType": "IRIS", "authType": "bio", "mandatory": False},
        {"authSubType": "FINGER", "authType": "bio", "mandatory": False},
        {"authSubType": "", "authType": "otp", "mandatory": False},
        {"authSubType": "FACE", "authType": "bio", "mandatory": False},
        {"authSubType": "", "authType": "otp-request", "mandatory": False},
        {"authSubType": "", "authType": "kycauth", "mandatory": False},
        {"authSubType": "", "authType": "kycexchange", "mandatory": False},
        {"authSubType": "", "authType": "wla", "mandatory": False},
    ],
}

# Resident OIDC client: kyc and demo as well.
RESIDENT_OIDC_AUTH = {
    "authTokenType": "policy",
    "allowedKycAttributes": [{"attributeName": "fullName"}, {"attributeName": "residenceStatus"},
                             {"attributeName": "individual_id"}],
    "allowedAuthTypes": [
        {"authSubType": "", "authType": "otp-request", "mandatory": False},
        {"authSubType": "", "authType": "kyc", "mandatory": False},
        {"authSubType": "", "authType": "demo", "mandatory": False},
    ],
}

# ID authentication error eventing: kycLanguages, no authentication allowed.
TEMP_EXTRACTION_AUTH = {
    "authTokenType": "partner",
    "allowedKycAttributes": [{"attributeName": "fullName"}, {"attributeName": "photo"}],
    "kycLanguages": ["ara", "eng"],
    "allowedAuthTypes": [],
}

# Older documents: KYC attributes with "required", auth types without authSubType, mandatory true.
LEGACY_AUTH = {
    "authTokenType": "partner",
    "allowedAuthTypes": [{"authType": "otp", "mandatory": True}, {"authType": "demo", "mandatory": False},
                         {"authType": "bio", "authSubType": "FINGER", "mandatory": True}],
    "allowedKycAttributes": [{"attributeName": "fullName", "required": True},
                             {"attributeName": "postalCode", "required": False}],
}

# mpolicy-default-auth: numbers as strings, a CBEFF group with format "extraction".
DEFAULT_AUTH_DATASHARE = {
    "shareableAttributes": [
        {"attributeName": "fullName", "source": [{"attribute": "fullName"}], "encrypted": True},
        {"attributeName": "individualBiometrics", "group": "CBEFF",
         "source": [{"attribute": "individualBiometrics"}], "encrypted": True, "format": "extraction"},
    ],
    "dataSharePolicies": {"typeOfShare": "Data Share", "validForInMinutes": "30", "transactionsAllowed": "2",
                          "encryptionType": "Partner Based", "shareDomain": "datashare-service",
                          "source": "ID Repository"},
}

# mpolicy-default-abis: biometric filters by type, attribute paths, encryption "none".
ABIS = {
    "shareableAttributes": [{
        "attributeName": "biometrics", "group": "CBEFF",
        "source": [{"attribute": "registration-client/NEW/individualBiometrics",
                    "filter": [{"type": "Iris"}]},
                   {"attribute": "CNIE/verification/biometrics", "filter": [{"type": "Finger"}]},
                   {"attribute": "CNIE/verification/biometrics", "filter": [{"type": "Face"}]}],
        "encrypted": True, "format": "extraction"}],
    "dataSharePolicies": {"typeOfShare": "Data Share", "validForInMinutes": "30", "transactionsAllowed": "2",
                          "encryptionType": "none", "shareDomain": "datashare-service",
                          "source": "Packet Manager"},
}

# mpolicy-default-qrcode: language filter, biometric subType list, date format.
QR_CODE = {
    "dataSharePolicies": {"typeOfShare": "direct", "validForInMinutes": "30", "transactionsAllowed": "2",
                          "encryptionType": "Partner Based", "shareDomain": "datashare-service",
                          "source": "ID Repository"},
    "shareableAttributes": [
        {"attributeName": "fullName", "source": [{"attribute": "fullName", "filter": [{"language": "eng"}]}],
         "encrypted": False},
        {"attributeName": "dateOfBirth", "source": [{"attribute": "dateOfBirth"}], "encrypted": False,
         "format": "YYYY"},
        {"attributeName": "biometrics", "group": "CBEFF", "source": [{"attribute": "individualBiometrics",
                                                                      "filter": [
            {"type": "Face"}, {"type": "Finger", "subType": ["Left Thumb", "Right Thumb"]}]}],
         "encrypted": True, "format": "extraction"},
    ],
}

# mpolicy-default-resident: no shareable attribute at all.
RESIDENT = {
    "dataSharePolicies": {"typeOfShare": "Data Share", "validForInMinutes": "30", "transactionsAllowed": "2",
                          "encryptionType": "Partner Based", "shareDomain": "datashare-service",
                          "source": "Print"},
    "shareableAttributes": [],
}

# The documentation's credential issuance sample: numbers as numbers.
CREDENTIAL_NUMBERS = {
    "dataSharePolicies": {"typeOfShare": "Data Share", "validForInMinutes": 30, "transactionsAllowed": 2,
                          "encryptionType": "Partner Secret", "shareDomain": "mosip.io",
                          "source": "ID Repository"},
    "shareableAttributes": [{"attributeName": "gender", "source": [{"attribute": "gender"}],
                             "encrypted": False}],
}

# Shareable attributes alone.
SHAREABLE_ONLY = {"shareableAttributes": [{"attributeName": "fullName", "source": [{"attribute": "fullName"}],
                                           "encrypted": False}]}

AUTH_DOCUMENTS = {"esignet": ESIGNET_AUTH, "resident-oidc": RESIDENT_OIDC_AUTH, "temp-extraction":
                  TEMP_EXTRACTION_AUTH, "legacy-required": LEGACY_AUTH}
DATASHARE_DOCUMENTS = {"default-auth": DEFAULT_AUTH_DATASHARE, "abis": ABIS, "qrcode": QR_CODE,
                       "resident": RESIDENT, "numbers": CREDENTIAL_NUMBERS, "shareable-only": SHAREABLE_ONLY}
