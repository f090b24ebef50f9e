"""The Jingtu EDD (electronic data deliverable) schema: columns, their Chinese/English headers and aliases.

Versioned: a change that makes a previously valid file invalid bumps the major number, new optional columns the
minor number (1.1: 点位用途 purpose, 经度 longitude, 纬度 latitude of the sampling point; 1.2: 报告限 reporting_limit
and 报告限类型 rl_type, a reporting / quantitation limit beside the detection limit). Documented in
docs/edd-format.md; the template (``jingtu edd template``) is generated from :data:`COLUMNS`.

Limit headers (1.2): the detection-limit column takes 检出限 / 方法检出限 / MDL / DL, the reporting-limit column
报告限 / 定量限 / 测定下限 / RL / LOQ / PQL / MRL / reporting_limit. No header belongs to both. A file with a
reporting-limit column but neither a detection-limit column nor a 报告限类型 column is read as before 1.2 (its one
limit column is *the* limit column, typed by 检出限类型): see :func:`single_limit_column`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..standards.names import name_key

SCHEMA_VERSION = "1.2"


@dataclass(frozen=True)
class Column:
    """One EDD column. ``header_zh`` / ``name`` are the template headers; ``aliases`` are further accepted headers."""

    name: str
    header_zh: str
    required: bool
    description: str
    example: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "plot_code",
        "地块编号",
        False,
        "地块编号 / plot code",
        "BJ-DC-2025-001",
        ("地块代码", "场地编号", "plot", "site_code", "site_id"),
    ),
    Column(
        "point_code",
        "点位编号",
        False,
        "采样点位编号 / sampling point code",
        "S01",
        ("点位", "采样点位", "采样点编号", "监测点位", "point", "point_id", "location_code", "loc_id"),
    ),
    Column(
        "purpose",
        "点位用途",
        False,
        "国控/市控/区控、对照点、基础点、风险点、自行监测 / point purpose (national, municipal, district, "
        "background, basic, risk, self_monitoring)",
        "基础点",
        ("点位类型", "点位性质", "点位类别", "监测点位类型", "point_purpose", "point_type", "location_type"),
    ),
    Column(
        "longitude",
        "经度",
        False,
        "点位经度，十进制度（CGCS2000/WGS84）/ point longitude, decimal degrees (CGCS2000/WGS84)",
        "116.4074",
        ("经度(°)", "东经", "经度(度)", "lon", "lng", "long", "longitude_deg"),
    ),
    Column(
        "latitude",
        "纬度",
        False,
        "点位纬度，十进制度（CGCS2000/WGS84）/ point latitude, decimal degrees (CGCS2000/WGS84)",
        "39.9042",
        ("纬度(°)", "北纬", "纬度(度)", "lat", "latitude_deg"),
    ),
    Column(
        "sample_code",
        "样品编号",
        True,
        "样品编号 / sample code",
        "S01-0.5",
        ("样品号", "样品代码", "sample", "sample_id", "sample_no"),
    ),
    Column(
        "depth_m",
        "采样深度(m)",
        False,
        "采样深度，单值或区间 0-0.5 / depth in m, one value or a range",
        "0-0.5",
        ("采样深度", "深度", "深度(m)", "采样深度(米)", "depth", "depth(m)"),
    ),
    Column(
        "depth_top_m",
        "起始深度(m)",
        False,
        "样品顶部深度 / top depth in m",
        "0",
        ("顶部深度(m)", "上层深度(m)", "起始深度", "top_depth", "depth_top", "top_depth_m"),
    ),
    Column(
        "depth_bottom_m",
        "终止深度(m)",
        False,
        "样品底部深度 / bottom depth in m",
        "0.5",
        ("底部深度(m)", "下层深度(m)", "终止深度", "bottom_depth", "depth_bottom", "bottom_depth_m"),
    ),
    Column(
        "matrix",
        "样品介质",
        False,
        "土壤/地下水/土壤气/农产品/底泥 / soil, groundwater, soil_gas, crop, sediment",
        "土壤",
        ("介质", "样品类型", "基质", "medium", "sample_matrix"),
    ),
    Column(
        "analyte",
        "检测项目",
        True,
        "检测项目名称（中文或英文）/ analyte name (zh or en); analyte or CAS required",
        "砷",
        (
            "检测指标",
            "分析项目",
            "检测因子",
            "监测项目",
            "污染物",
            "项目",
            "指标",
            "parameter",
            "analyte_name",
            "chemical_name",
        ),
    ),
    Column(
        "cas",
        "CAS号",
        False,
        "CAS 号或 JT: 伪代码 / CAS number or JT: pseudo-code",
        "7440-38-2",
        ("cas号", "cas编号", "cas_no", "cas_rn", "casrn", "cas number"),
    ),
    Column(
        "value",
        "检测结果",
        True,
        "结果原文：数值、ND、未检出、<0.05、0.05L / result as written",
        "12.3",
        ("检测值", "结果", "检测浓度", "测定值", "浓度", "result", "concentration"),
    ),
    Column(
        "unit",
        "单位",
        True,
        "单位 / unit (mg/kg, µg/kg, mg/L, µg/L, ng TEQ/kg, 无量纲)",
        "mg/kg",
        ("计量单位", "units", "result_unit"),
    ),
    Column(
        "detection_limit",
        "检出限",
        False,
        "检出限（与结果同单位）/ detection limit in the result unit",
        "0.01",
        ("方法检出限", "dl", "mdl"),
    ),
    Column(
        "dl_type",
        "检出限类型",
        False,
        "MDL 方法检出限 / RL 报告限 / LOQ 定量限",
        "MDL",
        ("限值类型", "detection_limit_type", "limit_type"),
    ),
    Column(
        "reporting_limit",
        "报告限",
        False,
        "报告限/定量限/测定下限（与结果同单位，不低于检出限）/ reporting or quantitation limit in the result unit "
        "(schema 1.2)",
        "0.04",
        ("定量限", "测定下限", "rl", "loq", "pql", "mrl", "quantitation_limit", "limit_of_quantitation"),
    ),
    Column(
        "rl_type",
        "报告限类型",
        False,
        "RL 报告限 / LOQ 定量限（测定下限）(schema 1.2)",
        "LOQ",
        ("定量限类型", "reporting_limit_type"),
    ),
    Column(
        "detected",
        "是否检出",
        False,
        "是/否，Y/N / detect flag",
        "是",
        ("检出", "检出标识", "检出标志", "detect_flag", "detected_flag"),
    ),
    Column(
        "ph",
        "pH",
        False,
        "样品 pH（GB 15618 选择 pH 区间）/ sample pH",
        "7.2",
        ("ph值", "土壤ph", "sample_ph"),
    ),
    Column("basis", "基准", False, "干基/湿基 / dry or wet basis", "干基", ("干湿基", "result_basis")),
    Column(
        "sampled_at",
        "采样日期",
        False,
        "YYYY-MM-DD",
        "2025-05-12",
        ("采样时间", "sampling_date", "sample_date", "date_sampled"),
    ),
    Column(
        "method",
        "检测方法",
        False,
        "方法标准编号 / method code (HJ 680-2013 ...)",
        "HJ 680-2013",
        ("分析方法", "方法", "方法依据", "method_code", "analysis_method"),
    ),
    Column(
        "lab_name",
        "检测机构",
        False,
        "检测机构名称 / laboratory",
        "北京某检测有限公司",
        ("检测单位", "实验室", "lab", "laboratory"),
    ),
    Column(
        "lab_accreditation",
        "资质证书编号",
        False,
        "CMA 等资质证书编号 / accreditation number",
        "CMA 210012345678",
        ("cma编号", "资质编号", "accreditation_no", "cma"),
    ),
    Column(
        "lab_qualifier",
        "实验室限定符",
        False,
        "实验室数据限定符 / lab qualifier",
        "",
        ("实验室标识", "lab_flag"),
    ),
    Column(
        "validator_qualifier",
        "审核限定符",
        False,
        "数据审核限定符 / validator qualifier",
        "",
        ("审核标识", "validation_qualifier"),
    ),
    Column("final_qualifier", "最终限定符", False, "最终限定符 / final qualifier", "", ("最终标识",)),
    Column(
        "district",
        "区县",
        False,
        "区县（背景值选择）/ district for background values",
        "东城区",
        ("所在区", "区"),
    ),
    Column(
        "soil_type",
        "土壤类型",
        False,
        "土壤类型（背景值选择）/ soil type for background values",
        "褐土",
        ("土类",),
    ),
    Column("remark", "备注", False, "备注 / remark", "", ("说明", "note", "notes", "comment")),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}


def _header_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in COLUMNS:
        for h in (c.name, c.header_zh, *c.aliases):
            out[header_key(h)] = c.name
    return out


def header_key(text: str) -> str:
    """Key for matching a header: like analyte names, plus '（米）' = '(m)' and no '/' before a unit."""
    k = name_key(text).replace("(米)", "(m)").replace("/m", "(m)").replace("_", "")
    return k


_INDEX = _header_index()


def canonical_column(header: str) -> str | None:
    """Canonical column name for a header as written (None when unknown)."""
    return _INDEX.get(header_key(header))


def single_limit_column(present: set[str] | frozenset[str]) -> bool:
    """True when a file's canonical columns hold one limit column only, written as a reporting-limit header
    (报告限, 定量限, RL, LOQ, …): no detection-limit column and no reporting-limit-type column. Such a column keeps
    its meaning of schema 1.0/1.1: it is read as the detection-limit column (typed by 检出限类型), so files written
    before 1.2 behave exactly as before."""
    return "reporting_limit" in present and "detection_limit" not in present and "rl_type" not in present
